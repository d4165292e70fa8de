/**
 * A stuck cluster explains itself in one line, on a real control plane (kube-controller-manager's
 * StatefulSet and volume controllers, kube-scheduler): the REC's Ready condition says why it is
 * not ready in Kubernetes' own words, and an event on the REC tells each new reason once.
 *
 * Each scenario owns its REC. They are all created at the start, so their pods and claims get
 * stuck side by side instead of one after the other (a claim's grace alone is 30 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { StorageV1Api } from '@kubernetes/client-node';
import type { KubeObject } from '../../lib/kube/client.js';
import { CLAIM_GRACE_MS } from '../../lib/runner/readiness-reason.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { runnerNamespaceForFile } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import type { RunnerProcess } from './helpers/runner-process.js';
import { recManifest, recsIn } from './helpers/recs-in-namespace.js';

type Condition = { type: string; status: string; reason: string; message: string };
type Rec = KubeObject & { status?: { state?: string; conditions?: Condition[]; persistenceStatus?: unknown } };
type Event = KubeObject & { reason: string; message: string; type: string; count?: number };

const CORE_EVENT = resourceFor('v1', 'Event');
const suffix = randomBytes(3).toString('hex');
/** Cluster-scoped, so unique to this run: other files share the control plane. */
const PRIORITY_CLASS = `rec-status-high-${suffix}`;
const NO_PROVISIONER_CLASS = `rec-status-none-${suffix}`;
const MISSING_CLASS = `rec-status-missing-${suffix}`;

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess;
let storage: StorageV1Api;

runnerNamespaceForFile('rec-reasons', {
  runnerArgs: [],
  made: (made) => ({ cluster, ns } = made),
  started: async (started) => {
    runner = started;
    storage = cluster.kubeConfig.makeApiClient(StorageV1Api);
    // A class whose provisioner nobody runs: its claims wait for ever, as with a typo in a CSI driver's name.
    await storage.createStorageClass({
      body: {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: NO_PROVISIONER_CLASS },
        provisioner: 'rec-cdk8s.test/none',
        volumeBindingMode: 'Immediate',
      },
    });
    for (const object of [
      recManifest(ns, 'prio', { priorityClassName: PRIORITY_CLASS }),
      recManifest(ns, 'sel', { nodeSelector: { 'rec-cdk8s.test/no-such-node': 'true' } }),
      recManifest(ns, 'noprov', { persistentSpec: { storageClassName: NO_PROVISIONER_CLASS, volumeSize: '1Gi' } }),
      recManifest(ns, 'nosc', { persistentSpec: { storageClassName: MISSING_CLASS, volumeSize: '1Gi' } }),
      recManifest(ns, 'fine', { persistentSpec: { volumeSize: '1Gi' } }),
    ])
      await cluster.client.apply(object, { fieldManager: 'rec-cdk8s-tests' });
  },
  cleanUp: async () => {
    await storage.deleteStorageClass({ name: NO_PROVISIONER_CLASS }).catch(() => {});
    await cluster.client.delete(RESOURCE.priorityClass, undefined, PRIORITY_CLASS).catch(() => {});
  },
});

const ready = async (name: string): Promise<Condition | undefined> =>
  (await cluster.client.get<Rec>(RESOURCE.redisEnterpriseCluster, ns, name))?.status?.conditions?.find(
    (c) => c.type === 'Ready',
  );

/** The Ready condition once its reason is `reason`. */
const readyBecause = (name: string, reason: string, timeoutMs = 90_000) =>
  waitFor(
    `${name}: Ready False because ${reason}`,
    async () => {
      const condition = await ready(name);
      return condition?.status === 'False' && condition.reason === reason ? condition : undefined;
    },
    timeoutMs,
  );

const recEvents = async (name: string): Promise<Event[]> =>
  (
    await cluster.client.list<Event>(CORE_EVENT, {
      namespace: ns,
      fieldSelector: `involvedObject.kind=RedisEnterpriseCluster,involvedObject.name=${name}`,
    })
  ).items;

/** The REC's one event of this reason, after the runner has been woken a few more times. */
async function toldOnce(name: string, reason: string): Promise<Event> {
  const event = await waitFor(
    `${name}: a ${reason} event`,
    async () => (await recEvents(name)).find((e) => e.reason === reason),
    30_000,
  );
  // The controllers keep retrying (events, claims resynced): each wakes the REC; none tells it again.
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  await waitFor(
    'the runner to reconcile a few more times',
    async () => (await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 3,
    60_000,
  );
  const same = (await recEvents(name)).filter((e) => e.reason === reason);
  assert.equal(same.length, 1, `one ${reason} Event: ${same.map((e) => e.message).join(' | ')}`);
  assert.equal(same[0]!.count ?? 1, 1, `told once: ${same[0]!.message}`);
  return event;
}

test('a missing PriorityClass: pods not created, from the StatefulSet FailedCreate; gone once the class exists', async () => {
  const condition = await readyBecause('prio', 'PodsNotCreated');
  assert.equal(
    condition.message,
    `0/3 nodes ready: pods not created: no PriorityClass with name ${PRIORITY_CLASS} was found (StatefulSet prio FailedCreate)`,
  );
  const event = await toldOnce('prio', 'PodsNotCreated');
  assert.equal(event.type, 'Warning');
  assert.equal(
    event.message,
    `pods not created: no PriorityClass with name ${PRIORITY_CLASS} was found (StatefulSet prio FailedCreate)`,
  );

  // Fixed: the StatefulSet controller creates the pods on its next retry; the old FailedCreate stays
  // an hour in the API, and no longer counts.
  await cluster.client.create({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: PRIORITY_CLASS },
    value: 1000,
  });
  await waitFor(
    'prio: no longer PodsNotCreated',
    async () => {
      const now = await ready('prio');
      return now && now.reason !== 'PodsNotCreated' && !now.message.includes('FailedCreate') ? now : undefined;
    },
    120_000,
  );
});

test('an impossible nodeSelector: the scheduler says why, in the Ready condition and an event', async () => {
  const condition = await readyBecause('sel', 'PodsUnschedulable');
  assert.match(
    condition.message,
    /^0\/3 nodes ready: pod sel-0 unschedulable: 0\/\d+ nodes are available: \d+ node\(s\) didn't match Pod's node affinity\/selector \(PodScheduled Unschedulable\)$/,
  );
  const event = await toldOnce('sel', 'PodsUnschedulable');
  assert.equal(event.type, 'Warning');
  assert.ok(condition.message.endsWith(event.message), `the event says the reason: ${event.message}`);
});

test('a claim no provisioner serves: Pending, told after its grace, with the volume controller’s words', async () => {
  const condition = await readyBecause('noprov', 'ClaimsPending', CLAIM_GRACE_MS + 90_000);
  assert.match(
    condition.message,
    new RegExp(
      `^0/3 nodes ready: claim redis-enterprise-storage-noprov-0 Pending \\(storageClassName ${NO_PROVISIONER_CLASS}\\): Waiting for a volume to be created either by the external provisioner 'rec-cdk8s\\.test/none' .*\\(ExternalProvisioning\\)$`,
    ),
  );
  const event = await toldOnce('noprov', 'ClaimsPending');
  assert.equal(event.type, 'Normal', 'the volume controller tells it as Normal: the provisioner may yet come');
  const status = (await cluster.client.get<Rec>(RESOURCE.redisEnterpriseCluster, ns, 'noprov'))?.status;
  assert.deepEqual(status?.persistenceStatus, { status: 'Provisioning', succeeded: '0/3' });
});

test('a StorageClass that does not exist: the claim is told at once, as the Warning it is', async () => {
  const condition = await readyBecause('nosc', 'ClaimsPending', 60_000);
  assert.equal(
    condition.message,
    `0/3 nodes ready: claim redis-enterprise-storage-nosc-0 Pending (storageClassName ${MISSING_CLASS}): storageclass.storage.k8s.io "${MISSING_CLASS}" not found (ProvisioningFailed)`,
  );
  assert.equal((await toldOnce('nosc', 'ClaimsPending')).type, 'Warning');
});

test('a healthy cluster: Running, its claims Provisioned, and no reason told on the way', async () => {
  const live: Rec = await recsIn(cluster.client, ns).stateIs('fine', 'Running', 180_000);
  assert.deepEqual(live.status?.persistenceStatus, { status: 'Provisioned', succeeded: '3/3' });
  const ready = live.status?.conditions?.find((c) => c.type === 'Ready');
  assert.deepEqual([ready?.status, ready?.reason, ready?.message], ['True', 'Running', '3/3 nodes ready']);
  // Every new claim waits a moment for its volume, and its pod is unschedulable until then: not a reason.
  const told = (await recEvents('fine')).filter((e) =>
    ['PodsNotCreated', 'ClaimsPending', 'PodsUnschedulable', 'ImagePullFailing', 'ContainersNotStarting'].includes(
      e.reason,
    ),
  );
  assert.deepEqual(
    told.map((e) => `${e.reason}: ${e.message}`),
    [],
  );
});
