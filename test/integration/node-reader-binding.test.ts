/**
 * The install's one node-reader ClusterRoleBinding under concurrent writers. Its `subjects` is an
 * atomic list, so every change is a read-modify-write with the resourceVersion read; these tests
 * make writers collide on the real API server and check that nobody's subject is ever lost:
 *
 * - a write that loses the race (another writer got in between its read and its write) is
 *   refused with 409 and redone on a fresh read;
 * - two runners (two all-namespaces installs, each watching its own namespace) adding and then
 *   removing RECs at once end with every subject they should have, and none of someone else's
 *   gone.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type KubeObject } from '../../lib/kube/client.js';
import { NodeReaderBindingWriter } from '../../lib/runner/node-reader-binding.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { editByHand, nodeReaderBinding, record, serviceAccounts } from './helpers/node-reader.js';
import { makeRunnerNamespace, startRunnerIn, removeClusterScoped } from './helpers/runner-namespace.js';
import { connect, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig, type RunnerProcess } from './helpers/runner-process.js';

let cluster: Cluster;
const namespaces: string[] = [];
const installed: KubeObject[] = [];
const runners: RunnerProcess[] = [];
const FM = 'rec-cdk8s-tests';
const someoneElses = { kind: 'User', name: 'auditor', apiGroup: 'rbac.authorization.k8s.io' };

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  for (const prefix of ['rec-nrb-a', 'rec-nrb-b']) {
    const made = await makeRunnerNamespace(cluster, prefix, { allNamespaces: true });
    namespaces.push(made.ns);
    installed.push(...made.installed);
  }
});

after(async () => {
  for (const runner of runners) await runner.kill().catch(() => {});
  await removeClusterScoped(cluster.client, installed);
  for (const ns of namespaces) await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

/** A client authenticated as the runner of the install in `namespace`. */
async function runnerClient(namespace: string): Promise<KubeClient> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(await runnerKubeconfig(cluster.kubeConfig, namespace));
  return KubeClient.fromKubeConfig(kubeConfig, { userAgent: 'rec-cdk8s-tests-runner' });
}

test('a write that loses the race is refused (409) and redone on a fresh read: both subjects are kept', async () => {
  const [a, b] = namespaces as [string, string];
  const mine = await runnerClient(a);
  const theirs = await runnerClient(b);
  try {
    // Between this writer's read and its write, another writer adds its REC.
    let updates = 0;
    const racing = Object.assign(Object.create(mine) as KubeClient, {
      update: async (...args: Parameters<KubeClient['update']>) => {
        updates += 1;
        if (updates === 1)
          await new NodeReaderBindingWriter(theirs).converge({ namespace: b, name: 'theirs' }, 'theirs');
        return mine.update(...args);
      },
    });
    const change = await new NodeReaderBindingWriter(racing).converge({ namespace: a, name: 'mine' }, 'mine');
    assert.deepEqual(change, { kind: 'added', serviceAccount: 'mine' });
    assert.equal(updates, 2, 'the first write was refused (stale resourceVersion) and redone');
    const binding = await nodeReaderBinding(cluster.client);
    assert.deepEqual(serviceAccounts(binding).sort(), [`${a}/mine`, `${b}/theirs`].sort());
    assert.deepEqual(record(binding), { [`${a}/mine`]: 'mine', [`${b}/theirs`]: 'theirs' });

    // The same for a removal racing an addition.
    updates = 0;
    const removing = Object.assign(Object.create(mine) as KubeClient, {
      update: async (...args: Parameters<KubeClient['update']>) => {
        updates += 1;
        if (updates === 1) await new NodeReaderBindingWriter(theirs).converge({ namespace: b, name: 'late' }, 'late');
        return mine.update(...args);
      },
    });
    assert.deepEqual(await new NodeReaderBindingWriter(removing).converge({ namespace: a, name: 'mine' }, undefined), {
      kind: 'removed',
      serviceAccount: 'mine',
    });
    assert.equal(updates, 2);
    const after = await nodeReaderBinding(cluster.client);
    assert.deepEqual(serviceAccounts(after).sort(), [`${b}/late`, `${b}/theirs`]);
    // Leave the binding as the next test expects to find it: nobody's.
    for (const key of ['theirs', 'late'])
      await new NodeReaderBindingWriter(theirs).converge({ namespace: b, name: key }, undefined);
    assert.deepEqual(serviceAccounts(await nodeReaderBinding(cluster.client)), []);
  } finally {
    mine.close();
    theirs.close();
  }
});

test('two runners adding and removing rack-aware RECs at once: every subject as it should be, nobody else’s lost', async (t) => {
  await editByHand(cluster.client, (b) => ({ ...b, subjects: [...(b.subjects ?? []), someoneElses] }));
  for (const ns of namespaces) runners.push(await startRunnerIn(cluster, ns, ['--resync-period', '600']));
  const names = ['r1', 'r2', 'r3'];
  const keys = namespaces.flatMap((ns) => names.map((name) => `${ns}/${name}`));
  // Pods that never run (no node has the label) and no volumes: only the binding matters here.
  const spec = {
    rackAwarenessNodeLabel: 'topology.kubernetes.io/zone',
    nodeSelector: { 'rec-cdk8s.io/test': 'no-such-node' },
    persistentSpec: { enabled: false },
  };
  await Promise.all(
    keys.map((key) => {
      const [namespace, name] = key.split('/') as [string, string];
      return cluster.client.apply(
        { apiVersion: 'app.redislabs.com/v1', kind: 'RedisEnterpriseCluster', metadata: { name, namespace }, spec },
        { fieldManager: FM },
      );
    }),
  );
  const full = await waitFor(
    'all six ServiceAccounts in the binding',
    async () => {
      const binding = await nodeReaderBinding(cluster.client);
      return keys.every((key) => serviceAccounts(binding).includes(key)) ? binding : undefined;
    },
    60_000,
  );
  assert.deepEqual(record(full), Object.fromEntries(keys.map((key) => [key, key.split('/')[1]])));
  assert.ok(
    full?.subjects?.some((s) => s.kind === 'User' && s.name === 'auditor'),
    "someone else's subject kept",
  );

  await Promise.all(
    keys.map((key) => {
      const [namespace, name] = key.split('/') as [string, string];
      return cluster.client.delete(RESOURCE.redisEnterpriseCluster, namespace, name);
    }),
  );
  const empty = await waitFor(
    'every REC gone, and its ServiceAccount with it',
    async () => {
      const binding = await nodeReaderBinding(cluster.client);
      const left = await Promise.all(
        keys.map((key) => {
          const [namespace, name] = key.split('/') as [string, string];
          return cluster.client.get(RESOURCE.redisEnterpriseCluster, namespace, name);
        }),
      );
      return left.every((r) => !r) && serviceAccounts(binding).length === 0 ? binding : undefined;
    },
    60_000,
  );
  assert.deepEqual(record(empty), {});
  assert.deepEqual(empty?.subjects, [someoneElses], "only someone else's subject is left");
  let conflicts = 0;
  for (const runner of runners) conflicts += await runner.metric('rest_client_requests_total', { code: '409' });
  // How often the two runners actually collided depends on timing; what must hold is above.
  t.diagnostic(`writes refused with 409 and redone: ${conflicts}`);
});
