/**
 * Deleting a rack-aware REC never hangs and never takes what must stay:
 *
 * - `kubectl delete rec --cascade=orphan` orphans everything: the REC goes, and its StatefulSet,
 *   Services, ... stay, and so does its ServiceAccount in the node-reader ClusterRoleBinding (the
 *   runner drops its finalizer without removing it: the pods still running read nodes through it).
 * - The runner removed first: the REC waits on the runner's finalizer, and nothing else. The way
 *   out README's "Uninstall" documents (remove the finalizer by hand) lets it go; what that leaves
 *   behind (its subject in the node-reader binding) is found and removed by
 *   `rec-cdk8s orphans --delete`. The volumes and the credentials Secret stay, by design.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { CLEANUP_FINALIZER } from '../../lib/runner/names.js';
import { orphansCommand } from '../../lib/cli/orphans-command.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { nodeReaderBinding, record, serviceAccounts } from './helpers/node-reader.js';
import { runnerNamespaceForFile } from './helpers/runner-namespace.js';
import { kubeconfigPath, kubectl, waitFor, type Cluster } from './helpers/rec-cluster.js';
import type { RunnerProcess } from './helpers/runner-process.js';

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess | undefined;
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any; data?: Record<string, string> };

// The cluster-wide install (rack awareness needs it), watching this namespace.
runnerNamespaceForFile('rec-del', {
  allNamespaces: true,
  runnerArgs: ['--resync-period', '600'],
  made: (made) => ({ cluster, ns } = made),
  started: (started) => (runner = started),
});

const getRec = (name: string) => cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, ns, name);
const rackAware = (name: string) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace: ns },
  spec: { nodes: 3, rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' },
});
/** Under the runner, a REC's Node read is its ServiceAccount in the install's node-reader binding, and an entry saying for which REC. */
const nodeReader = async (name: string) => {
  const binding = await nodeReaderBinding(cluster.client);
  return { subject: serviceAccounts(binding).includes(`${ns}/${name}`), entry: record(binding)[`${ns}/${name}`] };
};
const orphanLine = (name: string) =>
  `ServiceAccount ${ns}/${name} in ClusterRoleBinding redis-enterprise-node-reader: REC ${ns}/${name} and its StatefulSet are gone`;

async function orphans(remove = false): Promise<string[]> {
  const out: string[] = [];
  assert.equal(
    await orphansCommand({ kubeconfig: kubeconfigPath(), delete: remove }, { out: (t) => out.push(t), err: () => {} }),
    0,
  );
  return out;
}

async function createRackAware(name: string): Promise<Any> {
  await cluster.client.apply(rackAware(name), { fieldManager: FM });
  await waitFor(`${name} Running`, async () => (await getRec(name))?.status?.state === 'Running', 90_000);
  const live = (await getRec(name))!;
  assert.ok(live.metadata.finalizers?.includes(CLEANUP_FINALIZER), 'the runner set its finalizer');
  assert.deepEqual(await nodeReader(name), { subject: true, entry: name }, 'its ServiceAccount in the node reader');
  return live;
}

test('kubectl delete --cascade=orphan: the REC goes; its StatefulSet and its place in the node-reader binding stay', async () => {
  const rec = await createRackAware('kept');
  kubectl(['delete', 'rec', 'kept', '-n', ns, '--cascade=orphan', '--wait=false']);
  await waitFor('the REC gone', async () => !(await getRec('kept')), 60_000);

  const sts = await cluster.client.get<Any>(RESOURCE.statefulSet, ns, 'kept');
  assert.ok(sts, 'the StatefulSet stays');
  const trail = () =>
    runner!
      .logs()
      .split('\n')
      .filter(
        (l) =>
          /"cluster":"[^"]*\/kept"|orphan|re-adopting/.test(l) &&
          (/"level":(30|40|50)/.test(l) || /"kind":"StatefulSet"/.test(l)),
      )
      .slice(-12)
      .join('\n');
  assert.ok(
    !sts.metadata.ownerReferences?.some((ref) => ref.uid === rec.metadata.uid),
    `orphaned: no owner reference to the deleted REC (${JSON.stringify(sts.metadata.ownerReferences)} vs uid ${rec.metadata.uid}); the runner's lines:\n${trail()}`,
  );
  assert.deepEqual(
    await nodeReader('kept'),
    { subject: true, entry: 'kept' },
    'the subject stays: the orphaned pods still read nodes through it',
  );
  assert.ok(await cluster.client.get(RESOURCE.secret, ns, 'kept'), 'the credentials Secret stays');
  assert.match(
    runner!.logs(),
    /deleted with orphan propagation: keeping its ServiceAccount in the node-reader binding/,
  );
  // Its cluster still runs: not an orphan to clean up.
  assert.ok(
    !(await orphans()).some((line) => line.includes(`${ns}/kept`)),
    "rec-cdk8s orphans leaves a running cluster's subject alone",
  );
});

test('the runner removed first: the REC waits only on its finalizer; removing it by hand lets it go, and rec-cdk8s orphans removes what is left', async () => {
  await createRackAware('gone');
  const password = (await cluster.client.get<Any>(RESOURCE.secret, ns, 'gone'))?.data?.password;
  assert.ok(password, 'the credentials Secret has a password');
  const claims = (
    await cluster.client.list(RESOURCE.persistentVolumeClaim, { namespace: ns, labelSelector: 'redis.io/cluster=gone' })
  ).items.length;
  assert.ok(claims >= 3, `claims made (${claims})`);

  await runner!.kill();
  runner = undefined;
  kubectl(['delete', 'rec', 'gone', '-n', ns, '--wait=false']);
  const deleting = await waitFor(
    'the REC marked for deletion',
    async () => {
      const live = await getRec('gone');
      return live?.metadata.deletionTimestamp ? live : undefined;
    },
    30_000,
  );
  assert.deepEqual(
    deleting.metadata.finalizers,
    [CLEANUP_FINALIZER],
    "it waits on the runner's finalizer, and nothing else",
  );

  // The way out, as README's Uninstall says.
  kubectl(['patch', 'rec', 'gone', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  await waitFor('the REC gone', async () => !(await getRec('gone')), 30_000);
  await waitFor(
    'its namespaced objects collected',
    async () => !(await cluster.client.get(RESOURCE.statefulSet, ns, 'gone')),
    60_000,
  );

  // Left behind, as documented: its subject. rec-cdk8s orphans finds it, and removes it.
  assert.deepEqual(await nodeReader('gone'), { subject: true, entry: 'gone' }, 'the subject is left behind');
  const listed = await orphans();
  assert.deepEqual(
    listed.filter((l) => l.includes(`${ns}/`)),
    [orphanLine('gone')],
  );
  assert.deepEqual(await nodeReader('gone'), { subject: true, entry: 'gone' }, 'listing removes nothing');
  const removed = await orphans(true);
  assert.deepEqual(
    removed.filter((l) => l.includes(`${ns}/`)),
    [`${orphanLine('gone')}; removed`],
  );
  assert.deepEqual(await nodeReader('gone'), { subject: false, entry: undefined }, 'the subject removed');
  assert.deepEqual(await nodeReader('kept'), { subject: true, entry: 'kept' }, 'the running cluster keeps its own');

  // Kept by design: the data and the password its data knows.
  assert.equal(
    (
      await cluster.client.list(RESOURCE.persistentVolumeClaim, {
        namespace: ns,
        labelSelector: 'redis.io/cluster=gone',
      })
    ).items.length,
    claims,
    'every claim stays',
  );
  assert.equal(
    (await cluster.client.get<Any>(RESOURCE.secret, ns, 'gone'))?.data?.password,
    password,
    'the credentials Secret stays, password unchanged',
  );
});
