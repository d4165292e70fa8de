import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference } from '../../lib/runner/compare.js';
import { clusterState, mergeConditions } from '../../lib/runner/status.js';
import { statefulSetChange } from '../../lib/runner/volume-growth.js';
import { appliedEditBasis, desiredObjects } from '../../lib/runner/desired-objects.js';
import { applyWaves } from '../../lib/runner/apply.js';
import type { KubeObject } from '../../lib/kube/client.js';

test('compare: desired must be contained in actual; server defaults and omitted zero values do not count', () => {
  const desired = {
    spec: { replicas: 3, ports: [{ port: 80, protocol: 'TCP' }], emptyDir: {}, cpu: '500m', apiGroup: '' },
  };
  const actual = {
    spec: {
      replicas: 3,
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      emptyDir: { medium: '' },
      cpu: '0.5',
      extra: true,
    },
  };
  assert.equal(firstDifference(desired, actual), undefined);
  assert.equal(firstDifference({ spec: { replicas: 3 } }, { spec: { replicas: 1 } }), '.spec.replicas');
  assert.equal(firstDifference({ a: [1, 2] }, { a: [1] }), '.a');
  assert.equal(firstDifference({ labels: { team: 'a' } }, { labels: {} }), '.labels.team');
  assert.equal(firstDifference({ memory: '4Gi' }, { memory: '4096Mi' }), undefined, 'quantities compare by value');
});

test("a rack-aware REC: the runner applies nothing cluster-scoped (its Node read is a subject of the install's binding)", () => {
  const rec = {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rack', namespace: 'team', uid: 'u' },
    spec: { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' },
  };
  const { objects, cluster } = desiredObjects(rec);
  assert.deepEqual(
    objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name),
    [],
    'no ClusterRole, no ClusterRoleBinding of its own',
  );
  for (const o of objects) assert.equal(o.metadata.namespace, 'team', `${o.kind} ${o.metadata.name}`);
  // What the reconciler puts in the install's binding instead.
  assert.equal(cluster.spec.rackAwarenessNodeLabel, 'topology.kubernetes.io/zone');
  assert.equal(cluster.serviceAccountName, 'rack');
  assert.equal(objects.find((o) => o.kind === 'Role')!.metadata.namespace, 'team');
  const nodeBinding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'rack.node') as KubeObject & {
    roleRef: unknown;
  };
  assert.deepEqual(nodeBinding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'redis-enterprise-node',
  });
  assert.equal(firstDifference({ a: [] }, {}), undefined, 'an empty list is absent on the server');
  assert.equal(firstDifference({ a: [] }, { a: [1] }), '.a');
});

const sts = (status: Record<string, unknown> | undefined, replicas = 3, generation = 1) =>
  ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'rec', generation },
    spec: { replicas },
    ...(status ? { status } : {}),
  }) as KubeObject;
const rigger = (available: number) =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'rec-services-rigger' },
    status: { availableReplicas: available },
  }) as KubeObject;

test('state: PendingCreation -> Initializing -> Running, and RunningRollingUpdate once it has run', () => {
  assert.equal(clusterState({}).state, 'PendingCreation');
  assert.equal(
    clusterState({ statefulSet: sts({ observedGeneration: 1, readyReplicas: 0 }) }).state,
    'PendingCreation',
  );
  assert.equal(
    clusterState({ statefulSet: sts({ observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1 }) }).state,
    'Initializing',
  );
  const all = {
    observedGeneration: 1,
    readyReplicas: 3,
    updatedReplicas: 3,
    currentRevision: 'a',
    updateRevision: 'a',
  };
  assert.equal(
    clusterState({ statefulSet: sts(all), servicesRigger: rigger(0) }).state,
    'Initializing',
    'the rigger must be up too',
  );
  assert.equal(clusterState({ statefulSet: sts(all), servicesRigger: rigger(1) }).state, 'Running');
  const rolling = { ...all, readyReplicas: 2, updatedReplicas: 1, updateRevision: 'b' };
  assert.equal(
    clusterState({ statefulSet: sts(rolling), servicesRigger: rigger(1), previousState: 'Running' }).state,
    'RunningRollingUpdate',
  );
  assert.equal(
    clusterState({ statefulSet: sts(all, 3, 2), servicesRigger: rigger(1), previousState: 'Running' }).state,
    'RunningRollingUpdate',
    'a new generation not yet observed',
  );
});

test('conditions keep their transition time unless their status flips', () => {
  const before = [{ type: 'Ready', status: 'True' as const, reason: 'Running', message: '', lastTransitionTime: 'T0' }];
  assert.equal(
    mergeConditions(before, [{ type: 'Ready', status: 'True', reason: 'Running', message: 'x' }], 'T1')[0]!
      .lastTransitionTime,
    'T0',
  );
  assert.equal(
    mergeConditions(before, [{ type: 'Ready', status: 'False', reason: 'Error', message: 'x' }], 'T1')[0]!
      .lastTransitionTime,
    'T1',
  );
});

const rec = (spec: Record<string, unknown>) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name: 'rec', namespace: 'ns', uid: 'u-1' },
  spec,
});
const desiredSts = (spec: Record<string, unknown>) =>
  desiredObjects(rec(spec)).objects.find((o) => o.kind === 'StatefulSet')!;

test('StatefulSet changes: growth is recognised, other claim template changes are immutable', () => {
  const small = desiredSts({ persistentSpec: { volumeSize: '10Gi', enablePersistentVolumeResize: true } });
  const large = desiredSts({ persistentSpec: { volumeSize: '20Gi', enablePersistentVolumeResize: true } });
  assert.deepEqual(statefulSetChange(large, small), { kind: 'grow', from: '10Gi', to: '20Gi' });
  assert.deepEqual(statefulSetChange(small, small), { kind: 'none' });
  assert.deepEqual(statefulSetChange(small, large), { kind: 'immutable', field: 'spec.volumeClaimTemplates' });
  const otherClass = desiredSts({ persistentSpec: { volumeSize: '10Gi', storageClassName: 'fast' } });
  assert.deepEqual(statefulSetChange(otherClass, small), { kind: 'immutable', field: 'spec.volumeClaimTemplates' });
  assert.deepEqual(statefulSetChange(small, undefined), { kind: 'none' });
});

test('desired objects: owned by the REC and labelled for the runner, except claims and the credentials Secret', () => {
  const { objects } = desiredObjects(
    rec({ serviceBrokerSpec: { enabled: true }, rackAwarenessNodeLabel: 'topology.kubernetes.io/zone', license: 'L' }),
  );
  assert.ok(
    objects.some((o) => o.kind === 'Secret'),
    'the credentials Secret is among them',
  );
  assert.ok(!objects.some((o) => o.kind === 'Job'), 'no password generator: the runner makes the password itself');
  for (const o of objects) {
    assert.equal(o.metadata.labels?.['app.kubernetes.io/managed-by'], 'rec-cdk8s', `${o.kind} label`);
    const owned = !['PersistentVolumeClaim', 'Secret'].includes(o.kind);
    assert.equal(o.metadata.ownerReferences?.[0]?.uid === 'u-1', owned, `${o.kind} ownership`);
  }
});

test('desired objects: the StatefulSet carries the edit basis, which the next reconcile reads back', () => {
  const { objects } = desiredObjects(
    rec({
      nodes: 5,
      persistentSpec: { storageClassName: 'fast' },
      redisEnterpriseNodeResources: { requests: { memory: '2Gi' } },
    }),
  );
  const statefulSet = objects.find((o) => o.kind === 'StatefulSet');
  assert.deepEqual(appliedEditBasis(statefulSet), {
    nodes: 5,
    persistentSpec: { enabled: true, volumeSize: '10Gi', storageClassName: 'fast' },
  });
  for (const o of objects.filter((o) => o.kind !== 'StatefulSet'))
    assert.equal(o.metadata.annotations?.['rec-cdk8s.io/edit-basis'], undefined, `${o.kind}: no basis`);
  assert.equal(appliedEditBasis(undefined), undefined);
  assert.equal(
    appliedEditBasis({
      ...statefulSet!,
      metadata: { ...statefulSet!.metadata, annotations: { 'rec-cdk8s.io/edit-basis': '{torn' } },
    }),
    undefined,
    'unreadable: no basis',
  );
});

test('apply waves: workloads and bindings after what they need, the rest together, order kept', () => {
  const { objects } = desiredObjects(
    rec({ serviceBrokerSpec: { enabled: true }, rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }),
  );
  const waves = applyWaves(objects).map((wave) => wave.map((o) => o.kind));
  assert.equal(waves.length, 2);
  const second = ['StatefulSet', 'Deployment', 'RoleBinding'];
  assert.deepEqual(
    waves[1],
    objects.map((o) => o.kind).filter((k) => second.includes(k)),
    'desired order kept',
  );
  for (const kind of ['ServiceAccount', 'Secret', 'Service', 'Role'])
    assert.ok(waves[0]!.includes(kind), `${kind} in the first wave`);
  for (const kind of second) assert.ok(waves[1].includes(kind), `${kind} in the second wave`);
  assert.deepEqual(waves.flat().sort(), objects.map((o) => o.kind).sort(), 'every object in exactly one wave');

  // An edit: everything exists, so one wave, in the desired order.
  const edit = applyWaves(objects, () => true);
  assert.deepEqual(
    edit.map((wave) => wave.map((o) => o.kind)),
    [objects.map((o) => o.kind)],
  );
  // Only the missing StatefulSet (deleted by hand) waits; the existing Deployment does not.
  const partial = applyWaves(objects, (o) => o.kind !== 'StatefulSet');
  assert.deepEqual(
    partial[1]!.map((o) => o.kind),
    ['StatefulSet'],
  );
});
