/**
 * Rack awareness through the runner: the node-reader ClusterRole and binding are created, spread
 * the nodes over zones, and are cleaned up (they cannot be garbage-collected: a finalizer of ours
 * deletes them) when rack awareness is turned off or the REC is deleted. A namespaced install,
 * which may not create them, reports why instead of hanging.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { installRunnerIdentity, runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';
import { GRANTED_TO_EVERYONE, grantedPermissions, usedPermissions } from './helpers/permission-use.js';

let cluster: Cluster;
let ns: string;
let installed: KubeObject[] = [];
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any };

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  ns = await createNamespace(cluster.client, 'rec-rack');
  // The cluster-wide install (a ClusterRole for the runner), watching only this namespace.
  installed = await installRunnerIdentity(cluster.client, ns, 'all');
  runner = await startRunner(await runnerKubeconfig(cluster.kubeConfig, ns), [
    '--namespace',
    ns,
    '--resync-period',
    '5',
  ]);
});

after(async () => {
  await runner?.kill().catch(() => {});
  for (const object of installed) {
    const type = resourceFor(object.apiVersion, object.kind);
    if (!type.namespaced && object.kind !== 'CustomResourceDefinition')
      await cluster.client.delete(type, undefined, object.metadata.name);
  }
  await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

const readerName = (rec: string) => `redis-enterprise-node-reader.${ns}.${rec}`;
const getRec = (name: string) => cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, ns, name);
const recManifest = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace: ns },
  spec,
});

test('rack awareness: node reader bound, nodes spread over zones, finalizer set', async () => {
  await cluster.client.apply(recManifest('rack', { nodes: 3, rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }), {
    fieldManager: FM,
  });
  await waitFor('rack Running', async () => (await getRec('rack'))?.status?.state === 'Running', 90_000);
  // The runner creates no ClusterRole: it binds the installed one, and labels whose binding it is.
  assert.equal(
    await cluster.client.get(RESOURCE.clusterRole, undefined, readerName('rack')),
    undefined,
    'no ClusterRole of its own',
  );
  const binding = await cluster.client.get<Any>(RESOURCE.clusterRoleBinding, undefined, readerName('rack'));
  assert.ok(binding, 'the node-reader ClusterRoleBinding exists');
  assert.equal((binding as any).roleRef.name, 'redis-enterprise-node-reader');
  const uid = (await getRec('rack'))!.metadata.uid;
  assert.deepEqual(
    ['owner-namespace', 'owner-name', 'owner-uid'].map((k) => binding.metadata.labels?.[`rec-cdk8s.io/${k}`]),
    [ns, 'rack', uid],
  );
  // The REC's pods may read Nodes through it, and their Role reads only the REC's Secrets.
  const role = await cluster.client.get<Any>(RESOURCE.role, ns, 'rack');
  assert.deepEqual((role as any).rules, [
    { apiGroups: [''], resources: ['secrets'], resourceNames: ['rack'], verbs: ['get'] },
  ]);
  assert.equal(
    ((await cluster.client.get<Any>(RESOURCE.roleBinding, ns, 'rack.node')) as any)?.roleRef.name,
    'redis-enterprise-node',
  );
  assert.ok((await getRec('rack'))!.metadata.finalizers?.includes('rec-cdk8s.io/cluster-scoped-cleanup'));
  const { items: pods } = await cluster.client.list<Any>(RESOURCE.pod, {
    namespace: ns,
    labelSelector: 'redis.io/cluster=rack,redis.io/role=node',
  });
  const zones = new Set<string>();
  for (const pod of pods) {
    const node = await cluster.client.get<Any>(RESOURCE.node, undefined, pod.spec.nodeName);
    zones.add(node!.metadata.labels!['topology.kubernetes.io/zone']!);
  }
  assert.equal(zones.size, 3, `three nodes over three zones (got ${[...zones].join(', ')})`);
});

test('a rack-aware REC settles: an idle resync makes no write and records no event', async () => {
  // The runner watches its cluster-scoped objects (an all-namespaces install may): without that,
  // every resync found no ClusterRole in its cache, re-applied it and told DriftCorrected (deleted).
  assert.match(runner.logs(), /"msg":"watching cluster-scoped owned objects"/);
  const writes = async () => {
    let sum = 0;
    for (const method of ['APPLY', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'])
      sum += await runner.metric('rest_client_requests_total', { method });
    return sum;
  };
  // Events are counted with their `count`: a repeat of an event patches the count of the first.
  const eventCount = async () => {
    const { items } = await cluster.client.list<Any>(resourceFor('v1', 'Event'), {
      namespace: ns,
      fieldSelector: 'involvedObject.name=rack',
    });
    return items.reduce((sum, e) => sum + Number((e as any).count ?? 1), 0);
  };
  // Settled: two resync periods (5 s, jittered) with no write.
  const recentWrites = () =>
    runner
      .logs()
      .split('\n')
      .filter((l) => /"msg":"(applying|writing status)"/.test(l))
      .slice(-10)
      .join('\n');
  let before = await writes();
  await waitFor(
    'no write for 11 s',
    async () => {
      const start = before;
      await new Promise((r) => setTimeout(r, 11_000));
      before = await writes();
      return before === start;
    },
    60_000,
  ).catch((error: Error) => assert.fail(`${error.message}; the runner's last writes (debug log):\n${recentWrites()}`));
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  const events = await eventCount();
  const drift = await runner.metric('rec_drift_corrections_total');
  await new Promise((r) => setTimeout(r, 11_000));
  assert.ok((await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 2, 'two resyncs reconciled');
  assert.equal((await writes()) - before, 0, `no write while idle; the runner's last writes:\n${recentWrites()}`);
  assert.equal((await eventCount()) - events, 0, 'no event while idle');
  assert.equal((await runner.metric('rec_drift_corrections_total')) - drift, 0, 'no drift corrected');
});

test('turning rack awareness off deletes the node reader and drops the finalizer', async () => {
  await cluster.client.patch(
    RESOURCE.redisEnterpriseCluster,
    ns,
    'rack',
    { spec: { rackAwarenessNodeLabel: null } },
    { patchType: 'merge' },
  );
  await waitFor(
    'the node reader gone and the finalizer dropped',
    async () =>
      !(await cluster.client.get(RESOURCE.clusterRoleBinding, undefined, readerName('rack'))) &&
      !(await getRec('rack'))?.metadata.finalizers?.length,
    20_000,
  );
});

test('deleting a rack-aware REC deletes its cluster-scoped objects too', async () => {
  await cluster.client.patch(
    RESOURCE.redisEnterpriseCluster,
    ns,
    'rack',
    { spec: { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' } },
    { patchType: 'merge' },
  );
  await waitFor(
    'the node reader back',
    () => cluster.client.get(RESOURCE.clusterRoleBinding, undefined, readerName('rack')),
    20_000,
  );
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'rack');
  await waitFor(
    'the REC and its node reader gone',
    async () =>
      !(await getRec('rack')) &&
      !(await cluster.client.get(RESOURCE.clusterRoleBinding, undefined, readerName('rack'))),
    30_000,
  );
});

test("a binding of that name that is not the REC's (another uid) is neither taken over nor deleted", async () => {
  const name = readerName('squat');
  const foreign = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: {
        'rec-cdk8s.io/owner-namespace': ns,
        'rec-cdk8s.io/owner-name': 'squat',
        'rec-cdk8s.io/owner-uid': 'not-the-rec',
      },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'redis-enterprise-node-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'someone', namespace: ns }],
  };
  const made = await cluster.client.apply(foreign, { fieldManager: 'someone-else' });
  try {
    await cluster.client.apply(recManifest('squat', { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }), {
      fieldManager: FM,
    });
    const failed = await waitFor(
      'an Error state',
      async () => {
        const r = await getRec('squat');
        return r?.status?.state === 'Error' ? r : undefined;
      },
      30_000,
    );
    assert.match(
      failed.status.conditions.find((c: any) => c.type === 'Reconciled').message,
      /exists and is not this REC's/,
    );
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'squat');
    await waitFor('the REC gone (its finalizer dropped)', async () => !(await getRec('squat')), 30_000);
    const after = await cluster.client.get<Any>(RESOURCE.clusterRoleBinding, undefined, name);
    assert.equal(after?.metadata.resourceVersion, made.metadata.resourceVersion, 'left exactly as it was');
  } finally {
    await cluster.client.delete(RESOURCE.clusterRoleBinding, undefined, name);
  }
});

test('a namespaced install says rack awareness needs the cluster-wide install, and deletion does not hang', async () => {
  const other = await createNamespace(cluster.client, 'rec-rack-ns');
  await installRunnerIdentity(cluster.client, other, [other]);
  const runner2 = await startRunner(await runnerKubeconfig(cluster.kubeConfig, other), [
    '--namespace',
    other,
    '--resync-period',
    '5',
  ]);
  try {
    await cluster.client.apply(
      {
        ...recManifest('rack', { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }),
        metadata: { name: 'rack', namespace: other },
      },
      { fieldManager: FM },
    );
    const failed = await waitFor(
      'an Error state',
      async () => {
        const r = await cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, other, 'rack');
        return r?.status?.state === 'Error' ? r : undefined;
      },
      30_000,
    );
    const reconciled = failed.status.conditions.find((c: any) => c.type === 'Reconciled');
    assert.match(reconciled.message, /rec-cdk8s install --all-namespaces/);
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, other, 'rack');
    await waitFor(
      'the REC gone',
      async () => !(await cluster.client.get(RESOURCE.redisEnterpriseCluster, other, 'rack')),
      30_000,
    );
  } finally {
    await runner2.kill();
    await deleteNamespace(cluster.client, other);
  }
});

/**
 * Granted and not asked for by this file's scenarios (an all-namespaces install running a REC
 * with rack awareness through create, settle, off, on, delete, and a squatted name): each with
 * what needs it. The test fails when the runner uses something not granted, and when a grant is
 * neither used here nor in this list: a rule dropped or a new use must be accounted for here.
 */
const USED_ELSEWHERE: Record<string, string> = {
  'redisenterpriseclusters get':
    'a deletion with orphan propagation: the REC read live before re-adopting an orphaned object (runner-deletion.test.ts)',
  'roles get':
    'a deletion with orphan propagation, told from the live Role when the StatefulSet is gone (runner-deletion.test.ts)',
  'rolebindings get': 'a deletion with orphan propagation, as above (runner-deletion.test.ts)',
  'redisenterpriseclusters update':
    'finalizers: the API server checks it when an owner reference with blockOwnerDeletion is written; no request of its own',
  'statefulsets delete': 'volume growth: the StatefulSet is deleted without its pods (runner.test.ts)',
  'statefulsets get': 'volume growth reads the StatefulSet until it is gone (runner.test.ts)',
  'persistentvolumeclaims get': 'volume growth reads each claim (runner.test.ts)',
  'persistentvolumeclaims patch': 'volume growth expands each claim; the service broker claim is applied',
  'persistentvolumeclaims create': "the service broker's claim (serviceBrokerSpec.enabled)",
  'secrets delete': 'pruning <rec>-license when an inline license goes or the credentials become ours',
  'leases get': 'leader election (--leader-elect, the Deployment default; runner.test.ts)',
  'leases create': 'leader election',
  'leases update': 'leader election',
  'serviceaccounts delete': 'pruning: the spec no longer asks for it (createServiceAccount: false)',
  'services delete': 'pruning (a service broker turned off)',
  'deployments delete': 'pruning (a service broker turned off)',
  'poddisruptionbudgets delete': 'pruning',
  'roles delete': 'pruning',
  'rolebindings delete': 'pruning',
};

test('the install is minimal: every grant is used by these scenarios or accounted for, and nothing used is not granted', async () => {
  const used = await usedPermissions(runner.metrics);
  const granted = grantedPermissions({ allNamespaces: true });
  const notGranted = [...used].filter((p) => !granted.has(p) && !GRANTED_TO_EVERYONE.has(p));
  assert.deepEqual(notGranted, [], 'used without a grant');
  const unused = [...granted].filter((p) => !used.has(p)).sort();
  assert.deepEqual(
    unused,
    Object.keys(USED_ELSEWHERE)
      .filter((p) => !used.has(p))
      .sort(),
    `granted and not used here (used: ${[...used].sort().join(', ')})`,
  );
});
