/**
 * Rack awareness through the runner: the REC's ServiceAccount is added to the one node-reader
 * ClusterRoleBinding the all-namespaces install ships (the runner creates and deletes no cluster
 * RBAC), its pods may then read Nodes and are spread over zones, and the subject goes (a
 * finalizer of ours sees to it) when rack awareness is turned off or the REC is deleted. A subject
 * taken out by hand is put back, one someone else added is left alone, entries of RECs gone are
 * swept (but not those of a namespace this runner does not watch, nor of a cluster still
 * running), a binding of that name that is not the install's is not written, and a namespaced
 * install, which may not write it, says why instead of hanging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import {
  NODE_READER,
  RECORD_ANNOTATION,
  editByHand,
  nodeReaderBinding,
  record,
  serviceAccounts,
  type Binding,
} from './helpers/node-reader.js';
import { runnerNamespaceForFile, withRunnerNamespace } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import { settledWrites, writesOf, type RunnerProcess } from './helpers/runner-process.js';
import { USED_IN_OTHER_FILES, assertInstallMinimal, grantedPermissions } from './helpers/permission-use.js';
import { recsIn } from './helpers/recs-in-namespace.js';

let cluster: Cluster;
let ns: string;
let installed: KubeObject[];
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any };

// The cluster-wide install (a ClusterRole for the runner), watching only this namespace.
runnerNamespaceForFile('rec-rack', {
  allNamespaces: true,
  runnerArgs: ['--resync-period', '5'],
  made: (made) => ({ cluster, ns, installed } = made),
  // A cluster deleted with --cascade=orphan keeps running: its StatefulSet stays, with our labels.
  // Made before the runner starts, so its first list has it (the sweep test relies on that).
  prepare: () => cluster.client.apply(stillRunning(), { fieldManager: FM }),
  started: (started) => (runner = started),
});

const stillRunning = () => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'still-running',
    namespace: ns,
    labels: { 'app.kubernetes.io/managed-by': 'rec-cdk8s', 'redis.io/cluster': 'still-running' },
  },
  spec: {
    replicas: 0,
    serviceName: 'still-running',
    selector: { matchLabels: { app: 'still-running' } },
    template: {
      metadata: { labels: { app: 'still-running' } },
      spec: { containers: [{ name: 'c', image: 'example.invalid/none' }] },
    },
  },
});
const getRec = (name: string) => cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, ns, name);
const recManifest = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace: ns },
  spec,
});
const binding = () => nodeReaderBinding(cluster.client);
/** What the binding says of REC `rec`: whether its ServiceAccount is a subject, and its entry. */
const inBinding = async (rec: string, serviceAccount = rec) => {
  const b = await binding();
  return { subject: serviceAccounts(b).includes(`${ns}/${serviceAccount}`), entry: record(b)[`${ns}/${rec}`] };
};
/** Pods run as this ServiceAccount may list Nodes (RBAC asked through a SubjectAccessReview). */
const mayListNodes = async (serviceAccount: string) => {
  const review = await cluster.client.create<KubeObject & { status?: { allowed?: boolean } }>({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {} as KubeObject['metadata'],
    spec: {
      user: `system:serviceaccount:${ns}:${serviceAccount}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      resourceAttributes: { resource: 'nodes', verb: 'list' },
    },
  });
  return review.status?.allowed === true;
};
const rackAware = { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' };
/** A rack-aware REC whose pods never run (no node has the label): cheap, for what is only about the binding. */
const idle = {
  ...rackAware,
  nodeSelector: { 'rec-cdk8s.io/test': 'no-such-node' },
  persistentSpec: { enabled: false },
};

test("rack awareness: the REC's ServiceAccount in the installed binding, Nodes readable, nodes spread over zones, finalizer set", async () => {
  assert.equal(await mayListNodes('rack'), false, 'no Node read before');
  await cluster.client.apply(recManifest('rack', { nodes: 3, ...rackAware }), { fieldManager: FM });
  await waitFor('rack Running', async () => (await getRec('rack'))?.status?.state === 'Running', 90_000);
  // The runner creates no ClusterRole and no ClusterRoleBinding: it edits the installed binding.
  for (const type of [RESOURCE.clusterRole, RESOURCE.clusterRoleBinding])
    assert.equal(
      await cluster.client.get(type, undefined, `redis-enterprise-node-reader.${ns}.rack`),
      undefined,
      `no ${type.kind} of its own`,
    );
  const shared = (await binding())!;
  assert.equal(shared.roleRef.name, 'redis-enterprise-node-reader');
  assert.ok(serviceAccounts(shared).includes(`${ns}/rack`), JSON.stringify(shared.subjects));
  assert.equal(record(shared)[`${ns}/rack`], 'rack', 'the record says which REC the subject is for');
  await waitFor('the REC pods may list Nodes', () => mayListNodes('rack'), 30_000);
  // Its Role reads only the REC's Secrets; the node rules come from the installed ClusterRole.
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

test('a rack-aware REC settles: an idle resync makes no request and records no event', async () => {
  // The runner watches the installed binding (an all-namespaces install may, by name): without
  // that, every resync would read the binding live to know the REC's subject is there.
  assert.match(runner.logs(), /"msg":"watching ClusterRoleBinding redis-enterprise-node-reader"/);
  const writes = () => writesOf(runner);
  // Events are counted with their `count`: a repeat of an event patches the count of the first.
  const eventCount = () => recsIn(cluster.client, ns).eventCount('rack');
  // Settled: two resync periods (5 s, jittered) with no write.
  const recentWrites = () =>
    runner
      .logs()
      .split('\n')
      .filter((l) => /"msg":"(applying|writing status)"/.test(l))
      .slice(-10)
      .join('\n');
  const before = await settledWrites(runner, 11_000, 60_000).catch((error: Error) =>
    assert.fail(`${error.message}; the runner's last writes (debug log):\n${recentWrites()}`),
  );
  // Reads too (GET, LIST): a resync answers from the caches, the node-reader binding's included.
  // WATCH is left out: an informer re-opens its watch whenever the server ends it, idle or not.
  const reads = async () =>
    (await runner.metric('rest_client_requests_total', { method: 'GET' })) +
    (await runner.metric('rest_client_requests_total', { method: 'LIST' }));
  const readsBefore = await reads();
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  const events = await eventCount();
  const drift = await runner.metric('rec_drift_corrections_total');
  await new Promise((r) => setTimeout(r, 11_000));
  assert.ok((await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 2, 'two resyncs reconciled');
  assert.equal((await writes()) - before, 0, `no write while idle; the runner's last writes:\n${recentWrites()}`);
  assert.equal((await reads()) - readsBefore, 0, 'no read while idle');
  assert.equal((await eventCount()) - events, 0, 'no event while idle');
  assert.equal((await runner.metric('rec_drift_corrections_total')) - drift, 0, 'no drift corrected');
});

test('turning rack awareness off removes the subject and its entry and drops the finalizer; on again puts them back', async () => {
  await recsIn(cluster.client, ns).patchSpec('rack', { rackAwarenessNodeLabel: null });
  await waitFor(
    'the subject gone and the finalizer dropped',
    async () => {
      const now = await inBinding('rack');
      return !now.subject && now.entry === undefined && !(await getRec('rack'))?.metadata.finalizers?.length;
    },
    20_000,
  );
  await recsIn(cluster.client, ns).patchSpec('rack', rackAware);
  await waitFor('the subject back', async () => (await inBinding('rack')).subject, 20_000);
});

test("a subject taken out by hand is put back (DriftCorrected); someone else's subject is left alone", async () => {
  const foreign = { kind: 'User', name: 'auditor', apiGroup: 'rbac.authorization.k8s.io' };
  await editByHand(cluster.client, (b) => ({
    ...b,
    subjects: [...(b.subjects ?? []).filter((s) => !(s.kind === 'ServiceAccount' && s.name === 'rack')), foreign],
  }));
  await waitFor('the subject put back', async () => (await inBinding('rack')).subject, 20_000);
  const after = (await binding())!;
  assert.ok(
    after.subjects?.some((s) => s.kind === 'User' && s.name === 'auditor'),
    "someone else's subject stays",
  );
  const { items: events } = await cluster.client.list<Any>(resourceFor('v1', 'Event'), {
    namespace: ns,
    fieldSelector: 'involvedObject.name=rack,reason=DriftCorrected',
  });
  assert.ok(
    events.some((e) =>
      /ServiceAccount rack in ClusterRoleBinding redis-enterprise-node-reader/.test(e.message as string),
    ),
    JSON.stringify(events.map((e) => e.message)),
  );
  await editByHand(cluster.client, (b) => ({ ...b, subjects: b.subjects!.filter((s) => s.kind !== 'User') }));
});

test('deleting a rack-aware REC removes its subject, then the REC goes', async () => {
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'rack');
  await waitFor(
    'the REC and its subject gone',
    async () => !(await getRec('rack')) && !(await inBinding('rack')).subject && !(await inBinding('rack')).entry,
    30_000,
  );
});

test("entries of RECs gone while no runner ran are swept: not another namespace's, nor a cluster whose StatefulSet still runs", async () => {
  // Written as entries of RECs deleted while no runner ran would be.
  const entries = { [`${ns}/gone`]: 'gone', [`${ns}/still-running`]: 'still-running', 'not-watched/gone': 'gone' };
  await editByHand(cluster.client, (b) => ({
    ...b,
    metadata: {
      ...b.metadata,
      annotations: { ...b.metadata.annotations, [RECORD_ANNOTATION]: JSON.stringify({ ...record(b), ...entries }) },
    },
    subjects: [
      ...(b.subjects ?? []),
      { kind: 'ServiceAccount', name: 'gone', namespace: ns },
      { kind: 'ServiceAccount', name: 'still-running', namespace: ns },
      { kind: 'ServiceAccount', name: 'gone', namespace: 'not-watched' },
    ],
  }));
  await waitFor('the entry of the REC gone swept', async () => (await inBinding('gone')).entry === undefined, 20_000);
  const now = (await binding())!;
  assert.ok(!serviceAccounts(now).includes(`${ns}/gone`), 'its subject removed');
  assert.equal(record(now)[`${ns}/still-running`], 'still-running', 'a cluster still running keeps its entry');
  assert.equal(record(now)['not-watched/gone'], 'gone', 'a namespace this runner does not watch is not its to judge');
  assert.ok(serviceAccounts(now).includes(`${ns}/still-running`) && serviceAccounts(now).includes('not-watched/gone'));
  // Logs are written asynchronously: wait for the line rather than read it at once.
  const swept = `"recs":["${ns}/gone"],"msg":"removed from ClusterRoleBinding redis-enterprise-node-reader`;
  await waitFor('the sweep logged', () => Promise.resolve(runner.logs().includes(swept)));
  // The StatefulSet gone too: now that entry goes.
  await cluster.client.delete(RESOURCE.statefulSet, ns, 'still-running');
  await waitFor('the entry swept', async () => (await inBinding('still-running')).entry === undefined, 20_000);
  await editByHand(cluster.client, (b) => {
    const { 'not-watched/gone': _gone, ...rest } = record(b);
    return {
      ...b,
      metadata: {
        ...b.metadata,
        annotations: { ...b.metadata.annotations, [RECORD_ANNOTATION]: JSON.stringify(rest) },
      },
      subjects: (b.subjects ?? []).filter((s) => s.namespace !== 'not-watched'),
    };
  });
});

test("a binding of that name that is not the install's (another role) is never written", async () => {
  const foreign: Binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: NODE_READER },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'someone', namespace: ns }],
  };
  await cluster.client.delete(RESOURCE.clusterRoleBinding, undefined, NODE_READER);
  await waitFor('the binding gone', async () => !(await binding()));
  const made = await cluster.client.create<Binding>(foreign, { fieldManager: 'someone-else' });
  try {
    await cluster.client.apply(recManifest('squat', idle), { fieldManager: FM });
    const failed = await recsIn(cluster.client, ns).stateIs('squat', 'Error', 30_000);
    assert.match(
      failed.status.conditions.find((c: any) => c.type === 'Reconciled').message,
      /binds ClusterRole view, not ClusterRole redis-enterprise-node-reader: it is not the runner install's/,
    );
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'squat');
    await waitFor('the REC gone (its finalizer dropped)', async () => !(await getRec('squat')), 30_000);
    assert.equal((await binding())?.metadata.resourceVersion, made.metadata.resourceVersion, 'left exactly as it was');
  } finally {
    await cluster.client.delete(RESOURCE.clusterRoleBinding, undefined, NODE_READER);
    await waitFor('the foreign binding gone', async () => !(await binding()));
    // The install applied again, as `kubectl apply --server-side -f runner.yaml` would.
    await cluster.client.apply(
      installed.find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === NODE_READER)!,
      {
        fieldManager: 'rec-cdk8s-tests',
      },
    );
  }
});

test('a namespaced install says rack awareness needs the cluster-wide install, and deletion does not hang', async () => {
  await withRunnerNamespace(cluster, 'rec-rack-ns', ['--resync-period', '5'], async (other, runner2) => {
    assert.match(runner2.logs(), /not allowed to watch ClusterRoleBinding redis-enterprise-node-reader/);
    await cluster.client.apply(
      { ...recManifest('rack', idle), metadata: { name: 'rack', namespace: other } },
      { fieldManager: FM },
    );
    const failed = await recsIn(cluster.client, other).stateIs('rack', 'Error', 30_000);
    const reconciled = failed.status.conditions.find((c: any) => c.type === 'Reconciled');
    assert.match(reconciled.message, /rec-cdk8s install --all-namespaces/);
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, other, 'rack');
    await waitFor(
      'the REC gone',
      async () => !(await cluster.client.get(RESOURCE.redisEnterpriseCluster, other, 'rack')),
      30_000,
    );
  });
});

/**
 * Granted and not asked for by this file's scenarios (an all-namespaces install running a REC
 * with rack awareness through create, settle, off, on, delete, and a squatted name): each with
 * what needs it. The test fails when the runner uses something not granted, and when a grant is
 * neither used here nor in this list: a rule dropped or a new use must be accounted for here.
 */
const USED_ELSEWHERE: Record<string, string> = {
  ...USED_IN_OTHER_FILES,
  'services delete': 'pruning (a service broker turned off)',
};

test('the install is minimal: every grant is used by these scenarios or accounted for, and nothing used is not granted', async () => {
  await assertInstallMinimal(runner.metrics, grantedPermissions({ allNamespaces: true }), USED_ELSEWHERE);
});
