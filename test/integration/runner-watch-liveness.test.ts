/**
 * Watches that die silently. Two faults that close nothing, so no error ever reaches the runner:
 *
 * 1. kube-apiserver frozen (SIGSTOP) for longer than the watch idle deadline: its kernel keeps the
 *    connections (TCP keepalive probes are answered), it just says nothing. The runner must
 *    abandon the silent watches, fail /readyz while it cannot re-establish them, and after SIGCONT
 *    see an edit made after resumption and converge it.
 * 2. The runner cut off by a partition while the API server serves everyone else: /readyz fails;
 *    after the partition heals, an edit made during it converges.
 *
 * The runner runs with `--min-watch-timeout 10` (server timeouts 10-19 s, idle deadlines at most
 * 24 s) so a freeze longer than the deadline fits in a test; the resync period is long, so what
 * converges after the fault came through a re-established watch, not a periodic resync.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { setUpRunnerNamespace, tearDownRunnerNamespace, type RunnerNamespace } from './helpers/runner-namespace.js';
import { kubeconfigPath, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';
import { recManifest, recsIn } from './helpers/recs-in-namespace.js';
import { kubeconfigThrough, startPartitionProxy, type PartitionProxy } from './helpers/partition-proxy.js';

let cluster: Cluster;
let ns: string;
let setting: RunnerNamespace;
let kubeconfig: string;
let proxy: PartitionProxy | undefined;
const runners: RunnerProcess[] = [];
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any };

/** Server timeouts 10-19 s: the longest idle deadline is 19 s + 5 s (watchIdleDeadlineMs). */
const MIN_WATCH_TIMEOUT = 10;
const LONGEST_IDLE_DEADLINE_MS = (2 * MIN_WATCH_TIMEOUT - 1 + 5) * 1000;
const ARGS = [
  '--min-watch-timeout',
  String(MIN_WATCH_TIMEOUT),
  '--watch-unready-after',
  '5',
  '--resync-period',
  '3600',
  '--log-level',
  'info',
];
/** The bound we state for convergence after the fault ends: the informer's retry backoff is capped
 * at 30 s, and an attempt made while the server could not answer gives up after 30 s. */
const CONVERGE_BOUND_MS = 60_000;

before(async () => {
  setting = await setUpRunnerNamespace('rec-live');
  ({ cluster, ns } = setting);
  kubeconfig = await runnerKubeconfig(cluster.kubeConfig, ns);
});

after(async () => {
  await Promise.all(runners.map((r) => r.kill().catch(() => {})));
  await proxy?.close();
  await tearDownRunnerNamespace(setting);
});

const replicas = async (name: string) =>
  (await cluster.client.get<Any>(RESOURCE.statefulSet, ns, name))?.spec.replicas as number | undefined;
const readyz = async (runner: RunnerProcess) => (await fetch(`http://127.0.0.1:${runner.health}/readyz`)).status;
/** On a failed wait, the runner's warnings and errors say what it was stuck on. */
const withLogs =
  (runner: RunnerProcess) =>
  (error: Error): never => {
    const lines = runner
      .logs()
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l))
      .slice(-15)
      .join('\n');
    throw new Error(`${error.message}\nthe runner's last warnings:\n${lines}`);
  };

/** The pid of this control plane's kube-apiserver, from its supervisor's state file. */
function apiserverPid(): number {
  const file = join(dirname(kubeconfigPath()), 'state.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { components: Record<string, { pid?: number }> };
  const pid = state.components['kube-apiserver']?.pid;
  if (!pid) throw new Error(`no kube-apiserver pid in ${file}: freezing it needs the test control plane`);
  return pid;
}

/** Samples /readyz every 200 ms until stopped; what it saw. */
function sampleReadyz(runner: RunnerProcess): { stop: () => Promise<number[]> } {
  const seen: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      seen.push(await readyz(runner).catch(() => 0));
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return { stop: async () => ((running = false), await loop, seen) };
}

test('kube-apiserver frozen past the watch deadline: /readyz fails during the freeze, and an edit after SIGCONT converges', async (t) => {
  const runner = await startRunner(kubeconfig, ['--namespace', ns, ...ARGS]);
  runners.push(runner);
  await cluster.client.apply(recManifest(ns, 'freeze', { nodes: 3 }), { fieldManager: FM });
  await waitFor('freeze applied', async () => (await replicas('freeze')) === 3, 60_000);
  await waitFor('the runner ready', async () => (await readyz(runner)) === 200, 30_000);

  const pid = apiserverPid();
  const samples = sampleReadyz(runner);
  const frozenAt = performance.now();
  process.kill(pid, 'SIGSTOP');
  let unreadyAfterMs: number;
  try {
    // No API request from the test while frozen: it would hang too. Frozen until the runner says it
    // is not ready and for longer than any watch's idle deadline.
    await waitFor(
      '/readyz to fail while the API server is frozen',
      async () => (await readyz(runner)) !== 200,
      LONGEST_IDLE_DEADLINE_MS + 30_000,
    );
    unreadyAfterMs = performance.now() - frozenAt;
    const rest = LONGEST_IDLE_DEADLINE_MS + 2_000 - (performance.now() - frozenAt);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const frozenMs = performance.now() - frozenAt;
  const seen = await samples.stop();
  assert.ok(
    seen.some((code) => code !== 200),
    'readyz went non-200 during the freeze',
  );
  assert.ok(frozenMs > LONGEST_IDLE_DEADLINE_MS, 'frozen for longer than the idle deadline');
  assert.match(runner.logs(), /"msg":"watch went silent past its deadline; re-establishing"/);

  // An edit made after resumption (retried until the resumed server takes it) must converge.
  await waitFor(
    'the API server taking the edit',
    async () => {
      await recsIn(cluster.client, ns).patchSpec('freeze', { nodes: 5 });
      return true;
    },
    60_000,
  );
  const editedAt = performance.now();
  const acceptedMs = editedAt - frozenAt - frozenMs;
  await waitFor(
    'the edit converged after the freeze',
    async () => (await replicas('freeze')) === 5,
    CONVERGE_BOUND_MS,
  ).catch(withLogs(runner));
  const convergedMs = performance.now() - editedAt;
  await waitFor('/readyz 200 again', async () => (await readyz(runner)) === 200, CONVERGE_BOUND_MS);
  const readyAgainMs = performance.now() - editedAt;
  t.diagnostic(
    `frozen ${(frozenMs / 1000).toFixed(1)} s; /readyz non-200 ${(unreadyAfterMs / 1000).toFixed(1)} s into the freeze; edit accepted ${(acceptedMs / 1000).toFixed(1)} s after SIGCONT, converged ${(convergedMs / 1000).toFixed(1)} s after that; /readyz 200 ${(readyAgainMs / 1000).toFixed(1)} s after`,
  );
  assert.equal(runner.restarts, 0, 'the same process recovered (no restart)');
  await runner.kill();
});

test('a runner cut off by a partition fails /readyz; after the partition heals, an edit made during it converges', async (t) => {
  proxy = await startPartitionProxy(new URL(cluster.kubeConfig.getCurrentCluster()!.server));
  const throughProxy = kubeconfigThrough(proxy, kubeconfig);
  const runner = await startRunner(throughProxy, ['--namespace', ns, ...ARGS]);
  runners.push(runner);
  await cluster.client.apply(recManifest(ns, 'cut', { nodes: 3 }), { fieldManager: FM });
  await waitFor('cut applied', async () => (await replicas('cut')) === 3, 60_000);
  await waitFor('the runner ready', async () => (await readyz(runner)) === 200, 30_000);

  const cutAt = performance.now();
  proxy.partition();
  // The API server serves everyone else: this edit is taken, and the runner cannot see it.
  await recsIn(cluster.client, ns).patchSpec('cut', { nodes: 5 });
  await waitFor(
    '/readyz to fail while cut off',
    async () => (await readyz(runner)) !== 200,
    LONGEST_IDLE_DEADLINE_MS + 30_000,
  );
  const unreadyAfterMs = performance.now() - cutAt;
  assert.equal(await replicas('cut'), 3, 'nothing the runner could have done while cut off');

  const healedAt = performance.now();
  proxy.heal();
  await waitFor(
    'the edit converged after the heal',
    async () => (await replicas('cut')) === 5,
    CONVERGE_BOUND_MS,
  ).catch(withLogs(runner));
  const convergedMs = performance.now() - healedAt;
  await waitFor('/readyz 200 again', async () => (await readyz(runner)) === 200, CONVERGE_BOUND_MS).catch(
    withLogs(runner),
  );
  t.diagnostic(
    `/readyz non-200 ${(unreadyAfterMs / 1000).toFixed(1)} s after the cut; the edit made during the cut converged ${(convergedMs / 1000).toFixed(1)} s after the heal`,
  );
  assert.equal(runner.restarts, 0, 'the same process recovered (no restart)');
});
