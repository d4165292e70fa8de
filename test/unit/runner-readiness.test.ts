/**
 * Why a cluster is not ready, from the objects Kubernetes reports (readiness-reason.ts), on objects
 * shaped as a real control plane writes them (messages copied from kube-controller-manager and
 * kube-scheduler 1.35); the event told once per reason (not-ready-events.ts); what wakes a REC
 * (readiness-watch.ts); and the official status fields (status-parity.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import {
  CLAIM_GRACE_MS,
  QUOTE_MAX,
  readinessReason,
  type WorkloadObservation,
} from '../../lib/runner/readiness-reason.js';
import {
  CORE_EVENT,
  eventEssentials,
  observeWorkloads,
  podEssentials,
  readinessRequest,
} from '../../lib/runner/readiness-watch.js';
import { NotReadyEvents } from '../../lib/runner/not-ready-events.js';
import { clusterState } from '../../lib/runner/status.js';
import { ingressOrRouteMethod, persistenceStatus, statusParity } from '../../lib/runner/status-parity.js';
import { desiredObjects } from '../../lib/runner/desired-objects.js';
import { clusterContext } from '../../lib/api/cluster-context.js';
import { parseSpec } from '../../lib/api/validate.js';
import type { ObjectCache } from '../../lib/runner/object-cache.js';
import type { EventRecorder } from '../../lib/runner/events.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const T0 = '2026-01-01T00:00:00Z';
const STS_UID = 'sts-uid';

const statefulSet = (replicas = 3, created = 0): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'payments',
    namespace: 'ns',
    uid: STS_UID,
    generation: 1,
    labels: { 'redis.io/cluster': 'payments' },
  },
  spec: { replicas },
  status: { observedGeneration: 1, replicas: created, readyReplicas: 0 },
});

const event = (
  about: { kind: string; name: string; uid: string },
  reason: string,
  message: string,
  options: { type?: string; last?: string } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${about.name}.${reason}`, namespace: 'ns' },
  involvedObject: { ...about, namespace: 'ns' },
  reason,
  message,
  type: options.type ?? 'Warning',
  firstTimestamp: T0,
  lastTimestamp: options.last ?? '2026-01-01T00:05:00Z',
});

const failedCreate = (
  message = 'no PriorityClass with name high-priority was found',
  last?: string,
  podName = 'payments-0',
) =>
  event(
    { kind: 'StatefulSet', name: 'payments', uid: STS_UID },
    'FailedCreate',
    `create Pod ${podName} in StatefulSet payments failed error: pods "${podName}" is forbidden: ${message}`,
    last ? { last } : {},
  );

const pod = (name: string, status: Record<string, unknown>, created = T0): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    creationTimestamp: created,
    labels: { 'redis.io/cluster': 'payments', 'redis.io/role': 'node' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'payments', uid: STS_UID }],
  },
  status,
});

const unschedulable = (message: string) => ({
  phase: 'Pending',
  conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
});

const claim = (ordinal: number, phase: string, created = T0, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name: `redis-enterprise-storage-payments-${ordinal}`,
    namespace: 'ns',
    uid: `claim-${ordinal}`,
    creationTimestamp: created,
    labels: { 'redis.io/cluster': 'payments' },
  },
  spec: { storageClassName: 'slow', resources: { requests: { storage: '20Gi' } } },
  status: { phase, ...extra },
});

const observation = (parts: Partial<WorkloadObservation>): WorkloadObservation => ({
  statefulSet: statefulSet(),
  nodePods: [],
  claims: [],
  riggerPods: [],
  events: [],
  now: NOW,
  ...parts,
});

test('a missing PriorityClass: pods not created, from the StatefulSet FailedCreate event, in one line', () => {
  const { reason } = readinessReason(observation({ events: [failedCreate()] }));
  assert.deepEqual(reason, {
    code: 'PodsNotCreated',
    message: 'pods not created: no PriorityClass with name high-priority was found (StatefulSet payments FailedCreate)',
    warning: true,
  });
  const state = clusterState({ statefulSet: statefulSet(), notReady: reason });
  assert.equal(state.state, 'PendingCreation');
  assert.equal(state.reason, 'PodsNotCreated');
  assert.equal(
    state.message,
    '0/3 nodes ready: pods not created: no PriorityClass with name high-priority was found (StatefulSet payments FailedCreate)',
  );
});

test('a FailedCreate that has been overcome is no reason: its pod exists, or a pod was created after it', () => {
  const created = pod('payments-0', { phase: 'Running' });
  assert.equal(readinessReason(observation({ events: [failedCreate()], nodePods: [created] })).reason, undefined);
  const later = pod('payments-1', { phase: 'Running' }, '2026-01-01T00:06:00Z');
  const other = failedCreate('exceeded quota: q', '2026-01-01T00:05:00Z', 'payments-2');
  assert.equal(readinessReason(observation({ events: [other], nodePods: [later] })).reason, undefined);
  assert.equal(
    readinessReason(observation({ events: [other], nodePods: [created] })).reason?.message,
    'pods not created: exceeded quota: q (StatefulSet payments FailedCreate)',
    'still failing: payments-2 missing, no pod created since',
  );
  // Another StatefulSet of the same name (before volume growth recreated it): not this one's failure.
  const old = { ...failedCreate(), involvedObject: { kind: 'StatefulSet', name: 'payments', uid: 'old' } };
  assert.equal(readinessReason(observation({ events: [old] })).reason, undefined);
});

test('the latest FailedCreate is told, cut to a bound, on one line', () => {
  const long = `admission webhook "policy.example.com" denied the request:\n${'x'.repeat(2000)}`;
  const { reason } = readinessReason(
    observation({
      events: [failedCreate('no PriorityClass', '2026-01-01T00:01:00Z'), failedCreate(long, '2026-01-01T00:09:00Z')],
    }),
  );
  assert.equal(reason?.code, 'PodsNotCreated');
  assert.ok(!reason.message.includes('\n'), 'one line');
  assert.match(
    reason.message,
    /^pods not created: admission webhook "policy\.example\.com" denied the request: x+\.\.\. \(\d+ characters\) \(StatefulSet payments FailedCreate\)$/,
  );
  assert.ok(reason.message.length < QUOTE_MAX + 100, `bounded: ${reason.message.length}`);
});

test('an impossible nodeSelector: the scheduler condition, without its preemption postscript', () => {
  const { reason } = readinessReason(
    observation({
      statefulSet: statefulSet(3, 1),
      nodePods: [
        pod(
          'payments-0',
          unschedulable(
            "0/9 nodes are available: 9 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/9 nodes are available: 9 Preemption is not helpful for scheduling.",
          ),
        ),
      ],
    }),
  );
  assert.deepEqual(reason, {
    code: 'PodsUnschedulable',
    message:
      "pod payments-0 unschedulable: 0/9 nodes are available: 9 node(s) didn't match Pod's node affinity/selector (PodScheduled Unschedulable)",
    warning: true,
  });
});

test('a Pending claim: told with its latest event once it is a Warning, or after the grace on a Normal one', () => {
  const noClass = event(
    { kind: 'PersistentVolumeClaim', name: 'redis-enterprise-storage-payments-0', uid: 'claim-0' },
    'ProvisioningFailed',
    'storageclass.storage.k8s.io "slow" not found',
  );
  const waiting = event(
    { kind: 'PersistentVolumeClaim', name: 'redis-enterprise-storage-payments-0', uid: 'claim-0' },
    'ExternalProvisioning',
    "Waiting for a volume to be created either by the external provisioner 'example.com/none' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    { type: 'Normal' },
  );
  const stuckPod = pod(
    'payments-0',
    unschedulable('0/9 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found'),
  );
  const justNow = new Date(NOW.getTime() - 5_000).toISOString();

  // A Warning: at once, and the pod waiting for it is not a reason of its own.
  const failed = readinessReason(
    observation({ claims: [claim(0, 'Pending', justNow)], events: [noClass], nodePods: [stuckPod] }),
  );
  assert.deepEqual(failed.reason, {
    code: 'ClaimsPending',
    message:
      'claim redis-enterprise-storage-payments-0 Pending (storageClassName slow): storageclass.storage.k8s.io "slow" not found (ProvisioningFailed)',
    warning: true,
  });

  // Normal and young: every claim waits a little for its volume. No reason yet; look again when the grace ends.
  const young = readinessReason(
    observation({ claims: [claim(0, 'Pending', justNow)], events: [waiting], nodePods: [stuckPod] }),
  );
  assert.equal(young.reason, undefined);
  assert.equal(young.recheckAfterMs, CLAIM_GRACE_MS - 5_000);

  // Normal and past the grace: told, as a Normal event would be.
  const old = readinessReason(observation({ claims: [claim(0, 'Pending'), claim(1, 'Pending')], events: [waiting] }));
  assert.equal(old.reason?.code, 'ClaimsPending');
  assert.equal(old.reason?.warning, false);
  assert.match(
    old.reason.message,
    /^claim redis-enterprise-storage-payments-0 Pending \(storageClassName slow\): Waiting for a volume to be created either by the external provisioner 'example\.com\/none' .* \(ExternalProvisioning\) \(2 claims Pending\)$/,
  );
  assert.equal(old.recheckAfterMs, undefined);

  // Bound since: the scheduler has not retried yet. Not a reason either.
  assert.equal(readinessReason(observation({ claims: [claim(0, 'Bound')], nodePods: [stuckPod] })).reason, undefined);

  // Bound claims are no reason.
  assert.equal(readinessReason(observation({ claims: [claim(0, 'Bound')], events: [noClass] })).reason, undefined);
});

test('containers: images not pulling, or not starting; ContainerCreating is no reason', () => {
  const waiting = (reason: string, message?: string) =>
    pod('payments-0', {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        { name: 'bootstrapper', state: { running: {} } },
        { name: 'redis-enterprise-node', state: { waiting: { reason, ...(message ? { message } : {}) } } },
      ],
    });
  assert.deepEqual(
    readinessReason(
      observation({ nodePods: [waiting('ImagePullBackOff', 'Back-off pulling image "redislabs/redis:7.22.0-28"')] }),
    ).reason,
    {
      code: 'ImagePullFailing',
      message:
        'pod payments-0 container redis-enterprise-node ImagePullBackOff: Back-off pulling image "redislabs/redis:7.22.0-28"',
      warning: true,
    },
  );
  assert.equal(
    readinessReason(
      observation({ nodePods: [waiting('CrashLoopBackOff', 'back-off 5m0s restarting failed container')] }),
    ).reason?.code,
    'ContainersNotStarting',
  );
  assert.equal(readinessReason(observation({ nodePods: [waiting('ContainerCreating')] })).reason, undefined);
});

test('the services rigger: its Deployment ReplicaFailure, then its pods; the nodes come first', () => {
  const rigger: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payments-services-rigger', namespace: 'ns' },
    status: {
      conditions: [
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message:
            'pods "payments-services-rigger-5d8f-abcde" is forbidden: no PriorityClass with name high-priority was found',
        },
      ],
    },
  };
  assert.equal(
    readinessReason(observation({ servicesRigger: rigger })).reason?.message,
    'services rigger pods not created: no PriorityClass with name high-priority was found (Deployment payments-services-rigger ReplicaFailure)',
  );
  assert.equal(
    readinessReason(observation({ servicesRigger: rigger, events: [failedCreate()] })).reason?.message.startsWith(
      'pods not created',
    ),
    true,
  );
  const riggerPod = {
    ...pod('payments-services-rigger-x', unschedulable('0/9 nodes are available: 9 Insufficient cpu.')),
  };
  assert.equal(
    readinessReason(observation({ riggerPods: [riggerPod] })).reason?.message,
    'services rigger pod payments-services-rigger-x unschedulable: 0/9 nodes are available: 9 Insufficient cpu (PodScheduled Unschedulable)',
  );
});

test('ready: no reason in the condition, whatever the objects say', () => {
  const sts = {
    ...statefulSet(),
    status: { observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 3 },
  };
  const rigger = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'r' },
    status: { availableReplicas: 1 },
  };
  const reason = readinessReason(observation({ events: [failedCreate()] })).reason!;
  const state = clusterState({ statefulSet: sts, servicesRigger: rigger, notReady: reason });
  assert.deepEqual([state.state, state.reason, state.message], ['Running', 'Running', '3/3 nodes ready']);
});

test('an event per new reason, once, also when the cached REC does not show our status yet, and not again after a restart', async () => {
  const recorded: string[] = [];
  const recorder: EventRecorder = {
    record: (_rec, type, reason, message) => {
      recorded.push(`${type} ${reason}: ${message}`);
      return Promise.resolve();
    },
  };
  const rec = {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'payments', namespace: 'ns', uid: 'u' },
  };
  const first = {
    code: 'PodsNotCreated' as const,
    message: 'pods not created: x (StatefulSet payments FailedCreate)',
    warning: true,
  };
  const events = new NotReadyEvents(recorder);
  await events.tell(rec, first, undefined);
  await events.tell(rec, first, undefined);
  assert.deepEqual(recorded, ['Warning PodsNotCreated: pods not created: x (StatefulSet payments FailedCreate)']);
  const second = {
    code: 'ClaimsPending' as const,
    message: 'claim c Pending: waiting (ExternalProvisioning)',
    warning: false,
  };
  await events.tell(rec, second, undefined);
  assert.equal(recorded.at(-1), 'Normal ClaimsPending: claim c Pending: waiting (ExternalProvisioning)');
  // A new runner: the REC's Ready condition says what was told.
  const restarted = new NotReadyEvents(recorder);
  const ready = {
    type: 'Ready',
    status: 'False' as const,
    reason: 'ClaimsPending',
    message: `0/3 nodes ready: ${second.message}`,
  };
  await restarted.tell(rec, second, ready);
  assert.equal(recorded.length, 2);
});

test('what wakes a REC: its pods by label, a FailedCreate of its StatefulSet, an event of its claim; nothing else', () => {
  const cached = new Map<string, KubeObject>([
    ['StatefulSet/payments', statefulSet()],
    ['PersistentVolumeClaim/redis-enterprise-storage-payments-0', claim(0, 'Pending')],
  ]);
  const cache: Pick<ObjectCache, 'get'> = { get: (type, _ns, name) => cached.get(`${type.kind}/${name}`) };
  assert.deepEqual(readinessRequest(pod('payments-0', {}), cache), { namespace: 'ns', name: 'payments' });
  assert.deepEqual(readinessRequest(failedCreate(), cache), { namespace: 'ns', name: 'payments' });
  const claimEvent = event(
    { kind: 'PersistentVolumeClaim', name: 'redis-enterprise-storage-payments-0', uid: 'claim-0' },
    'ProvisioningFailed',
    'x',
  );
  assert.deepEqual(readinessRequest(claimEvent, cache), { namespace: 'ns', name: 'payments' });
  const someoneElses = event(
    { kind: 'PersistentVolumeClaim', name: 'data-postgres-0', uid: 'p' },
    'ProvisioningFailed',
    'x',
  );
  assert.equal(readinessRequest(someoneElses, cache), undefined);
  // Only what is read is cached of an Event.
  const slim = eventEssentials({
    ...failedCreate(),
    source: { component: 'statefulset-controller' },
    metadata: { name: 'e', namespace: 'ns', managedFields: [{}] },
  });
  assert.equal('source' in slim, false);
  assert.equal(slim.metadata.managedFields, undefined);
  assert.equal((slim as { reason?: string }).reason, 'FailedCreate');
});

test('a cached pod keeps who it is and its status, not its spec', () => {
  const full = {
    ...pod('payments-0', unschedulable('0/9 nodes are available')),
    spec: { containers: [{ name: 'redis-enterprise-node', env: [{ name: 'A', value: 'b' }] }] },
  };
  full.metadata.managedFields = [{ manager: 'kube-scheduler' }];
  const slim = podEssentials(full);
  assert.equal('spec' in slim, false);
  assert.equal(slim.metadata.managedFields, undefined);
  assert.deepEqual(slim.metadata.labels, full.metadata.labels);
  assert.deepEqual(slim.metadata.ownerReferences, full.metadata.ownerReferences);
  assert.deepEqual(
    readinessReason(observation({ nodePods: [slim] })),
    readinessReason(observation({ nodePods: [full] })),
  );
  assert.equal(readinessReason(observation({ nodePods: [slim] })).reason?.code, 'PodsUnschedulable');
});

test('observeWorkloads: this cluster’s node pods, rigger pods and node claims; every cached event', () => {
  const lists = new Map<string, KubeObject[]>([
    [
      'Pod',
      [
        pod('payments-0', {}),
        {
          ...pod('other-0', {}),
          metadata: {
            ...pod('other-0', {}).metadata,
            labels: { 'redis.io/cluster': 'other', 'redis.io/role': 'node' },
          },
        },
      ],
    ],
    [
      'PersistentVolumeClaim',
      [
        claim(0, 'Bound'),
        claim(5, 'Bound'),
        { ...claim(1, 'Bound'), metadata: { ...claim(1, 'Bound').metadata, name: 'payments-service-broker' } },
      ],
    ],
    ['Event', [failedCreate()]],
  ]);
  const cache: ObjectCache = { get: () => undefined, list: (type) => lists.get(type.kind) ?? [] };
  const seen = observeWorkloads(cache, 'ns', 'payments', { nodes: 3, now: NOW });
  assert.deepEqual(
    seen.nodePods.map((p) => p.metadata.name),
    ['payments-0'],
  );
  assert.deepEqual(
    seen.claims.map((c) => c.metadata.name),
    ['redis-enterprise-storage-payments-0'],
    'node claims of the current node count only',
  );
  assert.equal(seen.events.length, 1);
  assert.equal(CORE_EVENT.apiVersion, 'v1');
  assert.equal(RESOURCE.pod.kind, 'Pod');
});

const context = (spec: Record<string, unknown>) => clusterContext('payments', parseSpec(spec).spec!, 'ns');
const bound = (ordinal: number, capacity: string, extra: Record<string, unknown> = {}, request = capacity) => ({
  ...claim(ordinal, 'Bound', T0, { capacity: { storage: capacity }, ...extra }),
  spec: { resources: { requests: { storage: request } } },
});

test('persistenceStatus: the worst of the node claims, and how many have the expected size', () => {
  const ctx = context({ nodes: 3, persistentSpec: { volumeSize: '20Gi' } });
  assert.deepEqual(persistenceStatus(ctx, [bound(0, '20Gi'), bound(1, '20Gi'), bound(2, '20Gi')]), {
    status: 'Provisioned',
    succeeded: '3/3',
  });
  assert.deepEqual(persistenceStatus(ctx, [bound(0, '20Gi'), claim(1, 'Pending')]), {
    status: 'Provisioning',
    succeeded: '1/3',
  });
  // Growing to 30Gi: requested above capacity.
  const growing = context({ nodes: 3, persistentSpec: { volumeSize: '30Gi', enablePersistentVolumeResize: true } });
  assert.deepEqual(
    persistenceStatus(growing, [bound(0, '30Gi'), bound(1, '20Gi', {}, '30Gi'), bound(2, '20Gi', {}, '30Gi')]),
    { status: 'Resizing', succeeded: '1/3' },
  );
  assert.deepEqual(
    persistenceStatus(growing, [
      bound(0, '30Gi'),
      bound(1, '20Gi', { allocatedResourceStatuses: { storage: 'ControllerResizeInfeasible' } }, '30Gi'),
      claim(2, 'Pending'),
    ]),
    { status: 'ResizeFailed', succeeded: '1/3' },
  );
  assert.deepEqual(
    persistenceStatus(growing, [
      bound(0, '20Gi', { conditions: [{ type: 'NodeResizeError', status: 'True' }] }, '30Gi'),
      bound(1, '30Gi'),
      bound(2, '30Gi'),
    ]),
    { status: 'ResizeFailed', succeeded: '2/3' },
  );
  assert.equal(
    persistenceStatus(context({ persistentSpec: { enabled: false } }), []),
    undefined,
    'no volumes: no persistenceStatus',
  );
});

test('ingressOrRouteMethodStatus and redisEnterpriseIPFamily: only what the rendered objects carry', () => {
  const rec = {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'payments', namespace: 'ns', uid: 'u' },
    spec: {},
  };
  const { objects, cluster } = desiredObjects(rec);
  assert.deepEqual(statusParity(cluster, objects, []), {
    persistenceStatus: { status: 'Provisioning', succeeded: '0/3' },
  });
  const kind = (apiVersion: string, k: string) => ({ apiVersion, kind: k, metadata: { name: 'payments' } });
  assert.equal(ingressOrRouteMethod([kind('networking.k8s.io/v1', 'Ingress')]), 'ingress');
  assert.equal(
    ingressOrRouteMethod([
      kind('networking.istio.io/v1beta1', 'Gateway'),
      kind('networking.istio.io/v1beta1', 'VirtualService'),
    ]),
    'istio',
  );
  assert.equal(ingressOrRouteMethod([kind('route.openshift.io/v1', 'Route')]), 'openShiftRoute');
  assert.equal(ingressOrRouteMethod([kind('v1', 'Service')]), undefined);
  const withFamily = objects.map((o) =>
    o.kind === 'Service' && o.metadata.name === 'payments'
      ? { ...o, spec: { ...(o.spec as object), ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' } }
      : o,
  );
  assert.equal(statusParity(cluster, withFamily, []).redisEnterpriseIPFamily, 'IPv6');
});
