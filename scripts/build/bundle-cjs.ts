/**
 * `npm run build`, after tsc: the CommonJS construct entry as one file, build/cjs/lib/index.js,
 * bundled by esbuild from tsc's ESM output (so the code is exactly what tsc emitted) with zod
 * inside it. Why: a stock cdk8s app `require()`s the package, and Node resolves and loads every
 * CommonJS file on its own; our ~50 modules and zod's ~100 cost more than everything else the
 * import does (bench/README.md has the figures). cdk8s and constructs stay outside (peers: the
 * app's own copies); so does anything else a bundle would have to carry (the build fails).
 *
 * zod's translations of its error messages into 40+ languages (`zod/locales`) are left out: they
 * are half of zod's load time, and we never call `z.config(z.locales.xx())`; the English messages
 * we use come from zod's `locales/en` module, which stays. zod is MIT-licensed: its license text
 * goes at the end of the bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = process.cwd();
const PEERS = ['cdk8s', 'constructs'];
/** Node built-ins the construct entry may use (they need no install). */
const BUILTIN = /^node:/;

let localesLeftOut = 0;
const withoutZodLocales: Plugin = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.c?js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      localesLeftOut++;
      return { path: 'zod-locales', namespace: 'left-out' };
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

const zodLicense = readFileSync(join(root, 'node_modules', 'zod', 'LICENSE'), 'utf8').trim();
const result = await build({
  entryPoints: [join(root, 'build', 'lib', 'index.js')],
  outfile: join(root, 'build', 'cjs', 'lib', 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Readable, so a stack trace into it can be followed without a source map.
  minify: false,
  external: PEERS,
  plugins: [withoutZodLocales],
  metafile: true,
  logLevel: 'warning',
  footer: { js: `/*\nzod, bundled above:\n\n${zodLicense}\n*/` },
});

const output = Object.values(result.metafile.outputs)[0]!;
const externals = [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))];
const unexpected = externals.filter((path) => !PEERS.includes(path) && !BUILTIN.test(path));
if (unexpected.length > 0) {
  process.stderr.write(`bundle-cjs: the construct entry requires ${unexpected.join(', ')}: bundle it or make it a peer\n`);
  process.exit(1);
}
if (localesLeftOut === 0) {
  // A zod release that moved its locales: the bundle still works, but carries them all again.
  process.stderr.write('bundle-cjs: zod/locales was not found to leave out; check withoutZodLocales\n');
  process.exit(1);
}
process.stderr.write(`bundle-cjs: build/cjs/lib/index.js, ${Math.round(output.bytes / 1024)} kB\n`);
