// `npm run lint`: typescript-eslint's type-aware recommended rules over everything we write.
// Formatting is prettier's job (`npm run format`), so there are no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The runner's own dependencies: below lib/runner, only their types may be named. */
const RUNNER_PACKAGES = ['@kubernetes/client-node', '@kubernetes/client-node/*', 'pino', 'prom-client'];

/**
 * One layer's rule: `files` may not import from the folders `above` (a folder name, or a path
 * such as `lib/render`; a specifier is matched on its path segments, so `runner` is lib/runner and
 * never constructs/runner-install). With `runnerPackages`, the runner's packages and node: modules
 * may be named as types only (what the construct entry reaches).
 */
function layer(files, above, why, { runnerPackages = false } = {}) {
  return [
    {
      files,
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `(^|/)(${above.join('|')})/`,
                message: `${why}: it may not import ${above.join(', ')} (see the layering in eslint.config.mjs and the README).`,
              },
              ...(runnerPackages
                ? [
                    {
                      group: RUNNER_PACKAGES,
                      allowTypeImports: true,
                      message: `${why}: the runner's packages only as types.`,
                    },
                    {
                      regex: '^node:',
                      allowTypeImports: true,
                      message: `${why}: no node: module at run time (lib/index.ts says why).`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'imports/**',
      'build/**',
      'bench/.build/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits; awaiting them by hand
      // would serialise nothing and add noise to every test file.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layering, bottom-up, as the folders show it: lib/api (the REC API: schema, validation, CRD,
  // names, the resolved cluster) <- constructs (the cluster's, and constructs/runner-install) <-
  // lib/render (synthesis in memory) <- lib/runner (the reconcile runner, on lib/controller and
  // lib/kube, which sit on lib/api only) <- lib/cli. A lower layer importing a higher one fails here.
  ...layer(
    ['lib/api/**/*.ts'],
    ['constructs', 'render', 'runner', 'controller', 'kube', 'cli'],
    'lib/api is the bottom layer',
    { runnerPackages: true },
  ),
  ...layer(
    ['constructs/**/*.ts'],
    ['lib/render', 'lib/runner', 'lib/controller', 'lib/kube', 'lib/cli'],
    'constructs sit on lib/api only',
    { runnerPackages: true },
  ),
  ...layer(
    ['lib/render/**/*.ts'],
    ['runner', 'controller', 'kube', 'cli'],
    'lib/render sits on constructs and lib/api',
    { runnerPackages: true },
  ),
  ...layer(
    ['lib/kube/**/*.ts'],
    ['constructs', 'render', 'runner', 'controller', 'cli'],
    'lib/kube sits on lib/api only',
  ),
  ...layer(
    ['lib/controller/**/*.ts'],
    ['api', 'constructs', 'render', 'runner', 'cli'],
    'lib/controller is generic: it sits on lib/kube only',
  ),
  ...layer(['lib/runner/**/*.ts'], ['cli'], 'lib/runner is below lib/cli'),
  // The construct entry: nothing of the runner (its declarations must compile for a stock cdk8s app).
  ...layer(
    ['lib/index.ts'],
    ['runner', 'controller', 'kube', 'cli'],
    'the construct entry carries nothing of the runner',
    { runnerPackages: true },
  ),
  {
    // Tests read synthesized manifests and API responses as plain JSON and assert on their shape;
    // typing every probe into them would only restate the assertion. Production code keeps these rules.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes of async interfaces (clients, sleeps) answer at once; an await there would be ceremony.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
