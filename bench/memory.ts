/**
 * Memory: peak RSS (VmHWM) of a `rec-cdk8s run` child process, compiled and started as the image
 * runs it (`node <RUNNER_NODE_FLAGS> build/lib/cli/entry.js run`, not through tsx, whose loader thread alone adds ~80 MB), while
 * it converges 0, 100 or 1000 RECs created at once in one fresh namespace, and once it is idle.
 *
 * The RECs are small and their pods stay Pending (a nodeSelector no node matches, no persistent
 * volumes): the runner's caches and work are the same, while the control plane is spared thousands
 * of pods, claims and volumes it would otherwise fake on two cores.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNamespace, inParallel, recManifest, sleep, type Kube } from './kube.js';
import { NamespaceWatch } from './observe.js';
import { runnerObjectIds } from './convergence.js';
import { RUNNER_NODE_FLAGS } from '../constructs/runner-install/defaults.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(root, 'bench', '.build');
export const MEMORY_SPEC = {
  nodes: 3,
  persistentSpec: { enabled: false },
  nodeSelector: { 'bench.rec-cdk8s.io/pending': 'true' },
};

/** Compile lib/ (as `npm run build` does) into bench/.build, leaving build/ to its owners. */
export async function buildRunner(): Promise<string> {
  rmSync(buildDir, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', buildDir, '--declaration', 'false', '--sourceMap', 'false'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise((resolve) => child.on('close', resolve));
  const entry = join(buildDir, 'lib', 'cli', 'entry.js');
  // tsc emits even with type errors (someone mid-edit elsewhere in the tree): only a missing entry is fatal.
  if (!existsSync(entry)) throw new Error(`compiling the runner failed:\n${output.slice(-2000)}`);
  return entry;
}

export interface MemoryResult {
  readonly recs: number;
  /** Peak resident set (VmHWM) over the whole run, MB. */
  readonly peakMb: number;
  /** Resident set once converged and idle, MB. */
  readonly idleMb: number;
  /** V8 heap in use once idle (the runner's own metric), MB. */
  readonly heapMb: number;
  readonly converged: boolean;
  /** From the first REC create until converged (the child runner's throughput at this size). */
  readonly convergeMs: number;
}

function procStatus(pid: number): { hwm: number; rss: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN);
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

/** A runner being measured: its process as the host sees it, and its metrics port. */
export interface LaunchedRunner {
  readonly pid: number;
  readonly metricsPort: number;
  /** SIGTERM, SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts `rec-cdk8s run` watching `namespace`, logging to `logFile`. */
export type RunnerLauncher = (kubeconfig: string, namespace: string, logFile: string) => Promise<LaunchedRunner>;

/** The `rec-cdk8s run` flags every memory run uses, whatever launches it. */
export function memoryRunArgs(kubeconfig: string, namespace: string): string[] {
  return [
    'run',
    '--kubeconfig',
    kubeconfig,
    '--namespace',
    namespace,
    '--health-port',
    '0',
    '--metrics-port',
    '0',
    '--log-level',
    'info',
  ];
}

/** The port in the runner's "runner started" log line, once `output()` holds it. */
export function startedMetricsPort(output: string): number | undefined {
  const line = output.split('\n').find((l) => l.includes('"msg":"runner started"'));
  return line ? (JSON.parse(line) as { metrics: number }).metrics : undefined;
}

/** The compiled runner (buildRunner) as a child process of the host's node. */
export function hostLauncher(entry: string): RunnerLauncher {
  return async (kubeconfig, namespace, logFile) => {
    // The node flags of the image and the install's Deployment: measured as it runs there.
    // REC_BENCH_RUNNER_NODE_FLAGS (space-separated) replaces them, to try other flags.
    const flags = process.env.REC_BENCH_RUNNER_NODE_FLAGS?.split(' ').filter(Boolean) ?? RUNNER_NODE_FLAGS;
    const child = spawn(process.execPath, [...flags, entry, ...memoryRunArgs(kubeconfig, namespace)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile);
    child.stderr.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const metricsPort = await new Promise<number>((resolve, reject) => {
      let pending = '';
      let found = false;
      const timer = setTimeout(() => reject(new Error(`runner did not start within 60 s; see ${logFile}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (found) return;
        pending += chunk.toString();
        const port = startedMetricsPort(pending);
        if (port === undefined) return;
        found = true;
        clearTimeout(timer);
        resolve(port);
      });
      void exited.then((code) => reject(new Error(`runner exited (${code}) before starting; see ${logFile}`)));
    });
    return {
      pid: child.pid!,
      metricsPort,
      async stop() {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  };
}

async function heapUsedMb(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_size_used_bytes '));
  return line ? Number(line.split(' ')[1]) / 1e6 : NaN;
}

export async function measureMemory(
  kube: Kube,
  launch: RunnerLauncher,
  n: number,
  workDir: string,
  timeoutMs: number,
): Promise<MemoryResult> {
  const namespace = await createNamespace(kube.client, `bench-memory-${n}`);
  const recs = Array.from({ length: n }, (_, i) => recManifest(namespace, i, MEMORY_SPEC));
  const ids = runnerObjectIds(recs);
  const watch = await new NamespaceWatch(kube.client, namespace).start();
  const runner = await launch(kube.kubeconfig, namespace, join(workDir, `runner-${namespace}.log`));
  try {
    const started = performance.now();
    const converged = watch.converged(
      ids,
      recs.map((r) => r.metadata.name),
      timeoutMs,
    );
    await inParallel(recs, 32, (rec) => kube.client.create(rec));
    let convergedAt: number | undefined;
    try {
      convergedAt = await converged;
    } catch {
      // Not converged in time: the peak so far is still a lower bound worth reporting.
    }
    // Idle: let the last status writes and garbage collection happen.
    await sleep(3000);
    const { hwm, rss } = procStatus(runner.pid);
    return {
      recs: n,
      peakMb: hwm,
      idleMb: rss,
      heapMb: await heapUsedMb(runner.metricsPort),
      converged: convergedAt !== undefined,
      convergeMs: convergedAt === undefined ? NaN : convergedAt - started,
    };
  } finally {
    await runner.stop();
    await watch.stop();
  }
}
