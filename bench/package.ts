/**
 * `npm run bench:package`: what the package costs a cdk8s app, in one run.
 *   - install size: a fresh app from the stock `cdk8s init typescript-app` template (see
 *     test/package/helpers/template-app.ts), its node_modules measured after the template's own
 *     `npm install` and again after `npm install` of our packed tarball: the difference is ours.
 *   - import time: in that app (with cdk8s-plus-27 then added beside it, as the baseline), a fresh
 *     `node` per sample requiring the construct entry, beside one requiring cdk8s-plus-27,
 *     alternating, median of the samples; the ratio is what counts (a noisy machine shifts both
 *     sides). The same with `import()` (our ESM build), and the time to require the package, make
 *     one RedisEnterpriseCluster and synthesize it, so no cost moved from the import to first use
 *     goes unseen.
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
/** The baseline of the import target; the release measured before the package stopped using it. */
const BASELINE = 'cdk8s-plus-27@2.9.5';
const MB = 1024 * 1024;
const say = (msg: string) => process.stderr.write(`[bench:package] ${msg}\n`);
const work = mkdtempSync(join(tmpdir(), 'rec-bench-package-'));
const app = join(work, 'bench-app');

/** Milliseconds to load `specifier` in a fresh node (and run `then`), measured inside it (no process start-up). */
async function loadMs(specifier: string, how: 'require' | 'import', then = ''): Promise<number> {
  const load =
    how === 'require'
      ? `const m = require(${JSON.stringify(specifier)})`
      : `const m = await import(${JSON.stringify(specifier)})`;
  const code = `const t = process.hrtime.bigint(); ${load}; ${then}; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const args = how === 'require' ? ['-e', code] : ['--input-type=module', '-e', code];
  return Number((await mustRun(process.execPath, args, app, appEnv())).stdout);
}

/** One cluster synthesized, as a chart of a user's app would. */
const SYNTH_ONE = `const { App, Chart } = require('cdk8s'); const app = new App(); new m.RedisEnterpriseCluster(new Chart(app, 'c', { namespace: 'redis' }), 'rec'); app.synthYaml()`;

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

  say(`npm install ${BASELINE} (the baseline of the import time)`);
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', BASELINE], app);

  const PLUS = 'cdk8s-plus-27';
  const OURS = 'redis-enterprise-cdk8s';
  const samples: Record<string, number[]> = { ours: [], plus27: [], oursEsm: [], plus27Esm: [], oursSynth: [] };
  await loadMs('cdk8s', 'require'); // warm the file cache for both sides
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate the order, so neither side always runs on a warmer cache.
    const order = i % 2 === 0 ? (['ours', 'plus27'] as const) : (['plus27', 'ours'] as const);
    for (const side of order) {
      const specifier = side === 'ours' ? OURS : PLUS;
      samples[side]!.push(await loadMs(specifier, 'require'));
      samples[`${side}Esm`]!.push(await loadMs(specifier, 'import'));
    }
    samples.oursSynth!.push(await loadMs(OURS, 'require', SYNTH_ONE));
  }
  const med = (side: string) => median(samples[side]!);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    install: {
      templateMB: round(before.bytes / MB, 1),
      addedMB: round((afterBytes - before.bytes) / MB, 1),
      addedPackages: added.sort(),
    },
    importMs: {
      ours: round(med('ours'), 1),
      cdk8sPlus27: round(med('plus27'), 1),
      oursEsm: round(med('oursEsm'), 1),
      cdk8sPlus27Esm: round(med('plus27Esm'), 1),
      requireAndSynthesizeOneCluster: round(med('oursSynth'), 1),
      samples: SAMPLES,
    },
    ratio: round(med('ours') / med('plus27')),
    ratioEsm: round(med('oursEsm') / med('plus27Esm')),
  };
  writeFileSync(join(import.meta.dirname, 'results', 'package.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`| figure | measured | target |
|---|---:|---|
| node_modules of the stock template app | ${results.install.templateMB} MB | |
| added by npm install of the package | ${results.install.addedMB} MB, ${added.length} packages (${added.join(', ')}) | ≤ 40 MB |
| require('redis-enterprise-cdk8s'), median of ${SAMPLES} | ${results.importMs.ours} ms | |
| require('cdk8s-plus-27'), same run | ${results.importMs.cdk8sPlus27} ms | |
| ours / cdk8s-plus-27 | ${results.ratio} | ≤ 1.2 |
| import() of it (ESM build) | ${results.importMs.oursEsm} ms | |
| import() of cdk8s-plus-27, same run | ${results.importMs.cdk8sPlus27Esm} ms | |
| ours / cdk8s-plus-27, import() | ${results.ratioEsm} | |
| require, one RedisEnterpriseCluster, synthesized | ${results.importMs.requireAndSynthesizeOneCluster} ms | |
`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
