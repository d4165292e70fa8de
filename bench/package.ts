/**
 * `npm run bench:package`: what the package costs a cdk8s app, in one run.
 *   - install size: a fresh app from the stock `cdk8s init typescript-app` template (see
 *     test/package/helpers/template-app.ts), its node_modules measured after the template's own
 *     `npm install` and again after `npm install` of our packed tarball: the difference is ours.
 *   - import time: in that app, a fresh `node` per sample requiring the construct entry, beside
 *     one requiring cdk8s-plus-27, alternating, median of the samples; the ratio is what counts
 *     (a noisy machine shifts both sides). Ours includes cdk8s-plus-27, which it uses.
 * Targets (issue 11): at most 40 MB added; import at most 1.2x cdk8s-plus-27's. Writes
 * bench/results/package.json; the figures go into bench/README.md by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appEnv,
  installedPackages,
  mustRun,
  packPackage,
  treeSize,
  writeTemplateApp,
} from '../test/package/helpers/template-app.js';
import { median, round } from './stats.js';

const SAMPLES = 9;
const MB = 1024 * 1024;
const say = (msg: string) => process.stderr.write(`[bench:package] ${msg}\n`);
const work = mkdtempSync(join(tmpdir(), 'rec-bench-package-'));
const app = join(work, 'bench-app');

/** Milliseconds to require `specifier` in a fresh node, measured inside it (no process start-up). */
async function importMs(specifier: string, how: 'require' | 'import'): Promise<number> {
  const load =
    how === 'require' ? `require(${JSON.stringify(specifier)})` : `await import(${JSON.stringify(specifier)})`;
  const code = `const t = process.hrtime.bigint(); ${load}; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const args = how === 'require' ? ['-e', code] : ['--input-type=module', '-e', code];
  return Number((await mustRun(process.execPath, args, app, appEnv())).stdout);
}

try {
  say('npm pack');
  const { tarball } = await packPackage(work);
  writeTemplateApp(app);
  say("npm install (the template's dependencies)");
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  const before = {
    bytes: treeSize(join(app, 'node_modules')),
    packages: new Set(installedPackages(join(app, 'node_modules'))),
  };
  say('npm install of the tarball');
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  const afterBytes = treeSize(join(app, 'node_modules'));
  const added = installedPackages(join(app, 'node_modules')).filter((name) => !before.packages.has(name));

  const samples: Record<string, number[]> = { ours: [], oursEsm: [], plus27: [] };
  await importMs('cdk8s', 'require'); // warm the file cache for both sides
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate the order, so neither side always runs on a warmer cache.
    const order = i % 2 === 0 ? (['ours', 'plus27'] as const) : (['plus27', 'ours'] as const);
    for (const side of order)
      samples[side]!.push(await importMs(side === 'ours' ? 'redis-enterprise-cdk8s' : 'cdk8s-plus-27', 'require'));
    samples.oursEsm!.push(await importMs('redis-enterprise-cdk8s', 'import'));
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    install: {
      templateMB: round(before.bytes / MB, 1),
      addedMB: round((afterBytes - before.bytes) / MB, 1),
      addedPackages: added.sort(),
    },
    importMs: {
      ours: round(median(samples.ours!), 1),
      oursEsm: round(median(samples.oursEsm!), 1),
      cdk8sPlus27: round(median(samples.plus27!), 1),
      samples: SAMPLES,
    },
    ratio: round(median(samples.ours!) / median(samples.plus27!)),
  };
  writeFileSync(join(import.meta.dirname, 'results', 'package.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`| figure | measured | target |
|---|---:|---|
| node_modules of the stock template app | ${results.install.templateMB} MB | |
| added by npm install of the package | ${results.install.addedMB} MB, ${added.length} packages (${added.join(', ')}) | ≤ 40 MB |
| require('redis-enterprise-cdk8s'), median of ${SAMPLES} | ${results.importMs.ours} ms | |
| import() of it (ESM build) | ${results.importMs.oursEsm} ms | |
| require('cdk8s-plus-27'), same run | ${results.importMs.cdk8sPlus27} ms | |
| ours / cdk8s-plus-27 | ${results.ratio} | ≤ 1.2 |
`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
