/**
 * What a new user does with the published package, against the packed tarball: a fresh app from
 * the stock `cdk8s init typescript-app` template (see helpers/template-app.ts), `npm install` of
 * the tarball, then the template's own compile (tsc, CommonJS), jest (ts-jest) with a
 * `Testing.synth` snapshot of a chart with a RedisEnterpriseCluster, and `cdk8s synth`; plus an
 * ESM consumer and the CLI. No Kubernetes. npm downloads come from the normal npm cache, so only
 * the first run on a machine downloads the template's dependencies.
 *
 * The user's steps run on each Node of test/package/node-versions.json (the `engines` minimum,
 * exactly, and the current LTS line; see helpers/node-builds.ts), one describe per version so a
 * failure names it. The install is done once, by the machine's Node: see `installOnce` below.
 *
 * REC_PACKAGE_TEST_KEEP=1 keeps the app directories (their parent is printed) for a closer look.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import ts from 'typescript';
import { consumerService } from '../support/type-docs.js';
import { ensureNodeBuild, envWithNode, nodeBuildsUnavailable, readNodeVersions } from './helpers/node-builds.js';
import {
  ESM_CONSUMER_MJS,
  USER_MAIN_TEST_TS,
  USER_MAIN_TS,
  installedPackages,
  mustRun,
  packPackage,
  repoRoot,
  run,
  writeTemplateApp,
} from './helpers/template-app.js';

const RUNNER_ONLY = ['@kubernetes/client-node', 'pino', 'prom-client'];
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };

const work = mkdtempSync(join(tmpdir(), 'rec-cdk8s-package-'));
const app = join(work, 'my-redis-app');
let packed: { tarball: string; files: string[] };

const nodeVersions = readNodeVersions();

const kinds = (yamlText: string) => parseAllDocuments(yamlText).map((d) => (d.toJS() as { kind: string }).kind);

describe('the packed package in a stock cdk8s app', { concurrency: false }, () => {
  before(async () => {
    packed = await packPackage(work);
    writeTemplateApp(app);
    // As after `cdk8s init`: the template's dependencies installed, then ours added to them.
    // installOnce: npm picks the same tree whatever Node runs it (it chooses no version by
    // `engines`, and the test below shows nothing in the tree builds or compiles per Node), so a
    // user installing on Node 24 gets these same files; installing again per Node would only
    // repeat the slowest step of this test.
    await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
    await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', packed.tarball], app);
  });

  after(() => {
    if (process.env.REC_PACKAGE_TEST_KEEP) process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds the builds, bin, README and LICENSE, and no tests, benchmarks, scripts, CI or Dockerfile', () => {
    const files = packed.files;
    for (const required of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/rec-cdk8s.mjs',
      'build/lib/index.js',
      'build/lib/index.d.ts',
      'build/cjs/lib/index.js',
      'build/cjs/lib/index.d.ts',
      'build/cjs/package.json',
      'build/lib/runner/index.js',
    ]) {
      assert.ok(files.includes(required), `${required} is packed`);
    }
    const unwanted = files.filter(
      (f) =>
        /^(test|bench|scripts|examples|imports|\.ci|\.github)\//.test(f) ||
        /^(Dockerfile|\.dockerignore|tsconfig.*\.json|cdk8s\.yaml)$/.test(f) ||
        f.endsWith('.map') ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    assert.deepEqual(unwanted, []);
  });

  test('installing it adds no runner dependency and no second cdk8s or constructs', () => {
    const installed = installedPackages(join(app, 'node_modules'));
    assert.deepEqual(
      RUNNER_ONLY.filter((name) => installed.includes(name)),
      [],
    );
    assert.equal(installed.filter((name) => name === 'cdk8s').length, 1, 'one cdk8s');
    assert.equal(installed.filter((name) => name === 'constructs').length, 1, 'one constructs');
  });

  test("the editor's hover over a spec field, against the installed declarations, shows its description and default", () => {
    // As an editor in the app would load it: the template's compiler options, the package's
    // CommonJS declarations through node_modules, a spec literal in the user's code.
    const { config } = ts.readConfigFile(join(app, 'tsconfig.json'), (path) => ts.sys.readFile(path));
    const options = ts.convertCompilerOptionsFromJson(config.compilerOptions, app).options;
    const consumer = join(app, 'hover.ts');
    const service = consumerService(
      consumer,
      `import type { RedisEnterpriseClusterSpec } from 'redis-enterprise-cdk8s';
export type { RedisEnterpriseClusterSpec };
export const spec: RedisEnterpriseClusterSpec = { nodes: 5, persistentSpec: { enabled: true } };
`,
      { ...options, noEmit: true, types: [] },
    );
    assert.deepEqual(service.diagnostics, []);
    const nodes = service.hover('nodes:');
    assert.match(nodes.signature, /RedisEnterpriseClusterSpec\.nodes\?: number/);
    assert.match(nodes.documentation, /^Number of Redis Enterprise nodes/);
    assert.deepEqual(nodes.tags, ['@default 3']);
    assert.deepEqual(service.hover('enabled:').tags, ['@default true']);
    assert.deepEqual(service.undocumented('RedisEnterpriseClusterSpec'), []);
  });

  test('one install serves every Node: nothing installed runs an install script or is a native addon', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const scripted = Object.entries(lock.packages)
      .filter(([path, entry]) => entry.hasInstallScript && existsSync(join(app, path)))
      .map(([path]) => path);
    assert.deepEqual(scripted, []);
    const addons = readdirSync(join(app, 'node_modules'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.node'),
    );
    assert.deepEqual(addons, []);
  });

  for (const [role, pin] of [
    ['the engines minimum', nodeVersions.minimum],
    ['the current LTS line', nodeVersions.lts],
  ] as const) {
    describe(`on Node ${pin.version} (${role})`, { concurrency: false, skip: nodeBuildsUnavailable() }, () => {
      // Each Node gets its own copy of the installed app, as each user has their own: `tsc --build`
      // would otherwise find the previous Node's output up to date and compile nothing, and jest
      // would reuse its snapshot and cache.
      const dir = join(work, `node-${pin.version}`, 'my-redis-app');
      let env: NodeJS.ProcessEnv;

      before(async () => {
        env = envWithNode(await ensureNodeBuild(pin));
        mkdirSync(join(dir, '..'), { recursive: true });
        cpSync(app, dir, { recursive: true, verbatimSymlinks: true });
      });

      test(`node, npm and the scripts npm runs are all Node ${pin.version}`, async () => {
        assert.equal((await mustRun('node', ['--version'], dir, env)).stdout.trim(), `v${pin.version}`);
        const npmVersions = JSON.parse((await mustRun('npm', ['version', '--json'], dir, env)).stdout) as {
          node: string;
        };
        assert.equal(npmVersions.node, pin.version, 'the node npm runs on');
        const inScripts = await mustRun('npm', ['exec', '--', 'node', '--version'], dir, env);
        assert.equal(inScripts.stdout.trim(), `v${pin.version}`, 'the node of npm scripts and npx');
      });

      test("the template's compile (tsc, CommonJS) passes with a chart using the construct", async () => {
        writeFileSync(join(dir, 'main.ts'), USER_MAIN_TS);
        writeFileSync(join(dir, 'main.test.ts'), USER_MAIN_TEST_TS);
        const result = await run('npm', ['run', 'compile'], dir, env);
        assert.equal(result.code, 0, result.stdout + result.stderr);
      });

      test("the template's jest writes a Testing.synth snapshot, then passes against it with --ci", async () => {
        // As the template's own init hook does: the first run writes the snapshot (-u).
        await mustRun('npx', ['jest', '-u'], dir, env);
        const snapshot = readFileSync(join(dir, '__snapshots__', 'main.test.ts.snap'), 'utf8');
        for (const kind of ['StatefulSet', 'ClusterRoleBinding', 'PodDisruptionBudget'])
          assert.match(snapshot, new RegExp(`"kind": "${kind}"`));
        const again = await run('npx', ['jest', '--ci'], dir, env);
        assert.equal(again.code, 0, again.stdout + again.stderr);
      });

      test('cdk8s synth writes the chart, quietly, with the upgrade check off as in our README', async () => {
        const result = await mustRun('npm', ['run', 'synth'], dir, env);
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
        const yamlText = readFileSync(join(dir, 'dist', 'redis.k8s.yaml'), 'utf8');
        const found = kinds(yamlText);
        assert.ok(found.includes('StatefulSet') && found.includes('ClusterRole'), found.join(', '));
      });

      test('an ESM consumer (.mjs) imports the package root and synthesizes', async () => {
        writeFileSync(join(dir, 'consumer.mjs'), ESM_CONSUMER_MJS);
        const { stdout } = await mustRun('node', ['consumer.mjs'], dir, env);
        assert.ok(kinds(stdout).includes('StatefulSet'));
      });

      test('require() of the package root loads the CommonJS build and nothing of the runner', async () => {
        const probe = `const before = new Set(Object.keys(require.cache));
require('redis-enterprise-cdk8s');
const loaded = Object.keys(require.cache).filter((f) => !before.has(f));
const bad = loaded.filter((f) => /lib[\\\\/](runner|controller|kube|cli)[\\\\/]|client-node|pino|prom-client/.test(f));
if (!loaded.some((f) => f.includes('build/cjs'))) throw new Error('the CommonJS build was not the one loaded');
if (bad.length) throw new Error('loaded: ' + bad.join(', '));`;
        await mustRun('node', ['-e', probe], dir, env);
      });

      test('the CLI works from the install: --version, validate, render; run names what to install', async () => {
        assert.equal((await mustRun('npx', ['rec-cdk8s', '--version'], dir, env)).stdout.trim(), pkg.version);
        const manifest = join(dir, 'rec.yaml');
        writeFileSync(
          manifest,
          'apiVersion: app.redislabs.com/v1\nkind: RedisEnterpriseCluster\nmetadata: { name: cache, namespace: redis }\nspec: { nodes: 3 }\n',
        );
        await mustRun('npx', ['rec-cdk8s', 'validate', manifest], dir, env);
        assert.ok(
          kinds((await mustRun('npx', ['rec-cdk8s', 'render', manifest], dir, env)).stdout).includes('StatefulSet'),
        );
        const runner = await run('npx', ['rec-cdk8s', 'run'], dir, env);
        assert.equal(runner.code, 2);
        assert.match(
          runner.stderr,
          /npm install @kubernetes\/client-node@'~1\.4\.0' pino@'\^10\.4\.0' prom-client@'\^15\.1\.3'/,
        );
        assert.ok(!existsSync(join(dir, 'node_modules', 'pino')));
      });
    });
  }
});
