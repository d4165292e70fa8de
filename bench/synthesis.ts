/**
 * Synthesis: in-process milliseconds per cluster for N `RedisEnterpriseCluster` constructs in one
 * cdk8s app, two layouts (all in one chart; one chart each, as a platform repo with a chart per
 * team would have), timed from `new App()` to the objects out of `chart.toJson()` (what the runner
 * and `render` do; no files written). Then the wall time of `npm run synth` of the example, the
 * whole command (npm, cdk8s-cli, tsx, the app), written to a temporary directory instead of dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../constructs/redis-enterprise-cluster.js';
import { median } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SPEC = { nodes: 3 };

export type Layout = 'one-chart' | 'chart-each';

/** How many objects one cluster of SPEC synthesizes, counted once: each timed run must make n times that. */
let objectsPerCluster: number | undefined;

function synthesize(n: number, layout: Layout): number {
  const started = performance.now();
  const app = new App({ outdir: tmpdir() });
  const shared = layout === 'one-chart' ? new Chart(app, 'redis', { namespace: 'redis' }) : undefined;
  for (let i = 0; i < n; i++) {
    const chart = shared ?? new Chart(app, `redis-${i}`, { namespace: 'redis' });
    new RedisEnterpriseCluster(chart, `rec-${i}`, { spec: SPEC });
  }
  let objects = 0;
  for (const chart of app.charts) objects += chart.toJson().length;
  const ms = performance.now() - started;
  objectsPerCluster ??= objects / n;
  if (objects !== n * objectsPerCluster) throw new Error(`expected ${n * objectsPerCluster} objects, got ${objects}`);
  return ms;
}

export interface SynthesisResult {
  /** The very first cluster in this process: module code not yet optimized (a CLI's one-shot render). */
  readonly coldMs: number;
  /** Median ms per cluster, by N, by layout. */
  readonly perCluster: Record<Layout, Record<string, number>>;
  readonly npmSynthMs: number;
}

export function measureSynthesis(sizes: readonly number[], budgetMs: number, npmRuns: number): SynthesisResult {
  const coldMs = synthesize(1, 'one-chart');
  // Warm up the JIT, so N=1 is not charged for what N=100 amortizes.
  for (let i = 0; i < 20; i++) synthesize(5, 'one-chart');
  const perCluster: SynthesisResult['perCluster'] = { 'one-chart': {}, 'chart-each': {} };
  for (const layout of ['one-chart', 'chart-each'] as const) {
    for (const n of sizes) {
      // Enough repetitions for ~budgetMs of work per point (at least 3), median of them.
      const reps = Math.max(3, Math.min(200, Math.round(budgetMs / (n * 3))));
      const samples = Array.from({ length: reps }, () => synthesize(n, layout) / n);
      perCluster[layout][String(n)] = median(samples);
    }
  }
  return { coldMs, perCluster, npmSynthMs: npmSynth(npmRuns) };
}

/** Median wall time of `npm run synth`, the command a developer runs. */
function npmSynth(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'rec-bench-synth-'));
    const started = performance.now();
    const result = spawnSync('npm', ['run', '--silent', 'synth', '--', '--output', out], {
      cwd: root,
      encoding: 'utf8',
    });
    times.push(performance.now() - started);
    rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`npm run synth failed (${result.status}): ${result.stderr.slice(-1000)}`);
  }
  return median(times);
}
