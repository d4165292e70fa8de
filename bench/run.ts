/**
 * `npm run bench [-- --quick | --idle]`: every figure of bench/README.md in one run, on a control
 * plane of its own that it starts and always stops (normal end, error, Ctrl-C, its own deadline; a
 * SIGKILL is covered by the control plane's owner-pid guard). Comparisons are made within the run,
 * as ratios, so a noisy machine shifts both sides rather than deciding the result.
 *
 *   full:  synthesis 1/10/100; convergence 1/10/100 RECs vs kubectl; idle resync; 50 edits;
 *          memory 0/100/1000 RECs. Writes bench/results/latest.json and the table in README.md.
 *   quick: 1 and 3 RECs, few edits, memory 0/3: checks the harness in about two minutes.
 *   idle:  only the runner side of convergence at 1/10/100 RECs and the idle resync after it
 *          (about 4 minutes). Writes bench/results/idle.json; the README table is left alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { connect, ensureCrd, ensureNodeReaderInstall, sleep, waitFor, type Kube } from './kube.js';
import { kubectlConvergence, runnerConvergence, type CpuMeter, type RunnerResult } from './convergence.js';
import { sampleCpu, type CpuUse } from './cpu.js';
import { addRackAwareRec, idleResync, waitIdle } from './requests.js';
import { editLatency } from './edit-latency.js';
import { buildRunner, hostLauncher, measureMemory } from './memory.js';
import { measureSynthesis } from './synthesis.js';
import { growth, machine, markdown, targets, updateReadme, type ConvergencePoint, type Results } from './report.js';
import { median } from './stats.js';
import type { NamespaceWatch } from './observe.js';

const here = fileURLToPath(new URL('.', import.meta.url));

const PLANS = {
  full: {
    synthesis: [1, 10, 100],
    synthesisBudgetMs: 300,
    npmSynthRuns: 3,
    convergence: [1, 10, 100],
    repeats: { 1: 3, 10: 2, 100: 1 } as Record<number, number>,
    edits: { 1: 20, 10: 20, 100: 50 } as Record<number, number>,
    memory: [0, 100, 1000],
    deadlineMin: 14,
  },
  quick: {
    synthesis: [1, 3],
    synthesisBudgetMs: 30,
    npmSynthRuns: 1,
    convergence: [1, 3],
    repeats: {} as Record<number, number>,
    edits: { 1: 5, 3: 5 } as Record<number, number>,
    memory: [0, 3],
    deadlineMin: 3,
  },
  idle: {
    synthesis: [] as number[],
    synthesisBudgetMs: 0,
    npmSynthRuns: 0,
    convergence: [1, 10, 100],
    repeats: {} as Record<number, number>,
    edits: {} as Record<number, number>,
    memory: [] as number[],
    deadlineMin: 8,
  },
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    idle: { type: 'boolean', default: false },
    nodes: { type: 'string', default: '9' },
  },
});
const mode = values.quick ? 'quick' : values.idle ? 'idle' : 'full';
const plan = PLANS[mode];
const startedAt = Date.now();
const deadline = startedAt + plan.deadlineMin * 60_000;
const remaining = () => deadline - Date.now();
const say = (msg: string) =>
  process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'rec-bench-'));

const versions = JSON.parse(readFileSync(join(here, '..', 'scripts', 'control-plane', 'versions.json'), 'utf8')) as {
  kubernetes: string;
  etcd: string;
  kwok: string;
};
const results: Results = {
  date: new Date().toISOString(),
  mode,
  machine: { ...machine(), loadAverageAtStart: loadavg() },
  versions: { node: process.version, ...versions },
  convergence: [],
  idle: [],
  edits: [],
  memory: [],
  problems: [],
};

let controlPlane: ControlPlane | undefined;
const cleanup = () => controlPlane?.stop();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping the control plane`);
    cleanup();
    process.exit(130);
  });
}
// The bench stops by itself: past its deadline plus a grace minute, whatever is stuck.
setTimeout(() => {
  say('hard deadline reached: writing what was measured and stopping');
  finish();
  cleanup();
  process.exit(1);
}, remaining() + 60_000).unref();

/** A phase that fails (or has no time left) is recorded and the bench goes on with the next. */
async function phase<T>(name: string, needMs: number, run: () => Promise<T>): Promise<T | undefined> {
  if (remaining() < needMs) {
    results.problems.push(`${name}: skipped, ${Math.round(remaining() / 1000)} s left of the deadline`);
    say(`skip ${name}: not enough time left`);
    return undefined;
  }
  say(name);
  try {
    return await run();
  } catch (error) {
    results.problems.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    say(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}

/** Let the workloads of a finished measurement settle, so the next starts on a quiet cluster. */
async function settle(watch: NamespaceWatch, timeoutMs: number): Promise<void> {
  await waitFor(
    'workloads to settle',
    () => {
      const s = watch.settled();
      return s.ready === s.total;
    },
    timeoutMs,
    250,
  ).catch(() => results.problems.push(`${watch.namespace}: workloads not settled within ${timeoutMs / 1000} s`));
  await sleep(1000);
}

async function convergencePoint(kube: Kube, meter: CpuMeter, n: number): Promise<void> {
  const repeats = plan.repeats[n] ?? 1;
  const kubectlMs: number[] = [];
  let kubectlCpu: CpuUse | undefined;
  const runner: RunnerResult[] = [];
  const ratios: number[] = [];
  const timeout = () => Math.min(remaining(), 10 * 60_000);
  for (let r = 0; r < repeats; r++) {
    const last = r === repeats - 1;
    // Alternate which side goes first, so neither always inherits the other's background work.
    const order = r % 2 === 0 ? ['kubectl', 'runner'] : ['runner', 'kubectl'];
    let k: number | undefined;
    let kCpu: CpuUse | undefined;
    let run: Awaited<ReturnType<typeof runnerConvergence>> | undefined;
    for (const side of order) {
      if (side === 'kubectl') {
        const result = await kubectlConvergence(kube, meter, n, workDir, timeout());
        k = result.ms;
        kCpu = result.cpu;
        await settle(result.watch, 120_000);
        await result.watch.stop();
      } else {
        run = await runnerConvergence(kube, meter, kube.kubeConfig, n, workDir, timeout());
        runner.push(run);
        const settled = await waitIdle(run.session, run.watch, n, Math.min(remaining(), 180_000));
        if (last) {
          await measureIdle(kube, run, n, settled);
          const edits = plan.edits[n] ?? 10;
          const names = Array.from({ length: n }, (_, i) => `rec-${String(i).padStart(4, '0')}`);
          const edit = await phase(`${edits} edits, ${n} RECs`, edits * 2000, () =>
            editLatency(kube, run!.session, run!.watch, names, edits, 30_000),
          );
          if (edit) results.edits.push(edit);
          await settle(run.watch, 120_000);
        }
        await run.session.stop();
        await run.watch.stop();
      }
    }
    kubectlMs.push(k!);
    kubectlCpu = kCpu;
    ratios.push(run!.ms / k!);
    say(
      `  ${n} RECs: runner ${(run!.ms / 1000).toFixed(2)} s, kubectl ${(k! / 1000).toFixed(2)} s, ${run!.requestsPerObject.toFixed(2)} requests per object`,
    );
  }
  const objects = runner[0]!.objects;
  const point: ConvergencePoint = {
    recs: n,
    objects,
    runnerMs: median(runner.map((r) => r.ms)),
    kubectlMs: median(kubectlMs),
    ratio: median(ratios),
    repeats,
    requestsPerObject: median(runner.map((r) => r.requestsPerObject)),
    writesPerObject: median(runner.map((r) => r.writes / objects)),
    byVerb: runner.at(-1)!.byVerb,
    cpu: { runner: runner.at(-1)!.cpu, kubectl: kubectlCpu! },
  };
  results.convergence.push(point);
}

/** The idle resync after a convergence run, with one rack-aware REC added to its RECs first. */
async function measureIdle(
  kube: Kube,
  run: Awaited<ReturnType<typeof runnerConvergence>>,
  n: number,
  settled: boolean,
): Promise<void> {
  const idle = await phase(`idle resync, ${n} RECs and 1 rack-aware`, 10_000, async () => {
    await addRackAwareRec(kube, run.namespace);
    const rackSettled = await waitIdle(run.session, run.watch, n + 1, Math.min(remaining(), 180_000));
    return idleResync(run.session, n, 1, settled && rackSettled, 60_000);
  });
  if (idle) results.idle.push(idle);
}

/** `--idle`: the runner's convergence run only, then the idle resync. */
async function idlePoint(kube: Kube, meter: CpuMeter, n: number): Promise<void> {
  const run = await runnerConvergence(kube, meter, kube.kubeConfig, n, workDir, Math.min(remaining(), 10 * 60_000));
  try {
    const settled = await waitIdle(run.session, run.watch, n, Math.min(remaining(), 180_000));
    await measureIdle(kube, run, n, settled);
    say(`  ${n} RECs: idle resync ${JSON.stringify(results.idle.at(-1))}`);
  } finally {
    await run.session.stop();
    await run.watch.stop();
  }
}

function finish(): void {
  results.durationS = Math.round((Date.now() - startedAt) / 1000);
  results.growth = growth(results);
  results.targets = targets(results);
  const table = markdown(results);
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', { full: 'latest.json', quick: 'quick.tmp.json', idle: 'idle.json' }[mode]);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  if (mode === 'full') updateReadme(join(here, 'README.md'), table);
  process.stdout.write(`${table}\n`);
  say(`wrote ${file}${mode === 'full' ? ' and the table in bench/README.md' : ''}; runner logs in ${workDir}`);
}

try {
  if (plan.synthesis.length > 0)
    results.synthesis = await phase('synthesis', 0, () =>
      Promise.resolve(measureSynthesis(plan.synthesis, plan.synthesisBudgetMs, plan.npmSynthRuns)),
    );
  // Compile the runner while the control plane starts: both mostly wait on other processes.
  const [entry, cp] = await Promise.all([
    plan.memory.length > 0 ? phase('compile the runner for the memory runs', 0, buildRunner) : undefined,
    startControlPlane({ nodes: Number(values.nodes), log: say }),
  ]);
  controlPlane = cp;
  const kube = connect(cp.kubeconfig);
  await ensureCrd(kube.client);
  await ensureNodeReaderInstall(kube.client);
  const meter: CpuMeter = { sample: () => sampleCpu(cp.dir), cores: results.machine.nproc };
  for (const n of plan.convergence)
    await phase(`convergence, ${n} RECs`, 30_000, () =>
      mode === 'idle' ? idlePoint(kube, meter, n) : convergencePoint(kube, meter, n),
    );
  if (entry) {
    for (const n of plan.memory) {
      const memory = await phase(`memory, ${n} RECs`, n >= 1000 ? 120_000 : 20_000, () =>
        measureMemory(kube, hostLauncher(entry), n, workDir, Math.max(10_000, remaining() - 30_000)),
      );
      if (memory) results.memory.push(memory);
    }
  }
  kube.client.close();
} catch (error) {
  results.problems.push(`bench: ${(error as Error).message.split('\n')[0]}`);
  say(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  say('stopping the control plane');
  cleanup();
}
finish();
process.exit(process.exitCode ?? 0);
