/**
 * Leadership moving while the leader is mid-write. Runner A leads, converging a batch of new RECs,
 * when a network partition cuts it off from the API server: its requests hang, its lease renewals
 * fail. Runner B, a second replica, takes the lease once it expires. A must have stopped, with its
 * in-flight requests aborted and the process gone, before B leads: two leaders never write at once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { setUpRunnerNamespace, tearDownRunnerNamespace, type RunnerNamespace } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';
import { recManifest } from './helpers/recs-in-namespace.js';
import { kubeconfigThrough, startPartitionProxy, type PartitionProxy } from './helpers/partition-proxy.js';

let cluster: Cluster;
let ns: string;
let setting: RunnerNamespace;
let proxy: PartitionProxy;
const runners: RunnerProcess[] = [];
type Any = KubeObject & { spec?: any; status?: any };

before(async () => {
  setting = await setUpRunnerNamespace('rec-lead');
  ({ cluster, ns } = setting);
  proxy = await startPartitionProxy(new URL(cluster.kubeConfig.getCurrentCluster()!.server));
});

after(async () => {
  await Promise.all(runners.map((r) => r.kill().catch(() => {})));
  await proxy?.close();
  await tearDownRunnerNamespace(setting);
});

/** The first log line of `runner` with this message. */
function logged(runner: RunnerProcess, msg: string): { time: number; identity?: string } | undefined {
  const line = runner
    .logs()
    .split('\n')
    .find((l) => l.includes(`"msg":"${msg}"`));
  if (!line) return undefined;
  const parsed = JSON.parse(line) as { time: string; identity?: string };
  return { ...parsed, time: Date.parse(parsed.time) };
}

test('a leader cut off mid-write stops and exits before another replica leads, and the other replica converges', async () => {
  const direct = await runnerKubeconfig(cluster.kubeConfig, ns);
  const throughProxy = kubeconfigThrough(proxy, direct);
  // Lease 6 s: A gives up renewing after 4 s; B may take over 6 s after it last saw A renew.
  const args = [
    '--namespace',
    ns,
    '--leader-elect',
    '--lease-namespace',
    ns,
    '--lease-duration',
    '6',
    '--workers',
    '4',
  ];
  // A is not restarted when it exits: a restart could only campaign through the cut.
  const a = await startRunner(throughProxy, args, { restart: false });
  runners.push(a);
  await waitFor('A to lead', async () => (await a.metric('leader_election_master_status')) === 1, 30_000);
  const b = await startRunner(direct, args);
  runners.push(b);

  // A is mid-write: converging a batch of new RECs when the partition comes.
  const names = Array.from({ length: 12 }, (_, i) => `lead-${i}`);
  await Promise.all(
    names.map((name) => cluster.client.apply(recManifest(ns, name), { fieldManager: 'rec-cdk8s-tests' })),
  );
  await waitFor(
    'A to have started writing',
    async () =>
      (
        await cluster.client.list(RESOURCE.serviceAccount, {
          namespace: ns,
          labelSelector: 'app.kubernetes.io/managed-by=rec-cdk8s',
        })
      ).items.length > 0,
    30_000,
  );
  proxy.partition();

  const bLeads = (
    await waitFor('B to lead', async () => logged(b, 'started leading'), 60_000).catch((error: Error) => {
      const tail = (r: RunnerProcess) =>
        r
          .logs()
          .split('\n')
          .filter((l) => /lease|lead|exit/i.test(l))
          .slice(-6)
          .join('\n');
      throw new Error(`${error.message}\nA (exits ${a.exits.length}):\n${tail(a)}\nB:\n${tail(b)}`);
    })
  ).time;
  assert.ok(
    a.exits.length > 0,
    `A was still running when B started leading; A's last lines:\n${a.logs().split('\n').slice(-8).join('\n')}`,
  );
  assert.ok(a.exits[0]! < bLeads, `A exited ${a.exits[0]! - bLeads} ms after B started leading`);
  assert.ok(logged(a, 'lost the leader lease; exiting'), 'A says why it exited');

  // B finishes what A could not.
  for (const name of names) {
    await waitFor(
      `${name} converged by B`,
      async () => (await cluster.client.get<Any>(RESOURCE.statefulSet, ns, name)) !== undefined,
      60_000,
    );
  }
  const lease = await cluster.client.get<Any>(RESOURCE.lease, ns, 'rec-cdk8s-runner');
  assert.equal(lease?.spec.holderIdentity, logged(b, 'started leading')?.identity, 'B holds the lease');
});
