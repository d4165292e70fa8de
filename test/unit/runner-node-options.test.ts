/**
 * The runner's side of the node-side options, in its pure parts: which pods the starting policy
 * deletes and when it looks again, what it keeps of a pod, the version a StatefulSet runs, flash
 * claims that may not grow, the not-acted-on summary, and the RBAC the install options add.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { creatingSince, slimPod, stuckPods } from '../../lib/runner/stuck-pods.js';
import { desiredObjects, runningVersion } from '../../lib/runner/desired-objects.js';
import { statefulSetChange } from '../../lib/runner/volume-growth.js';
import { notActedOnSummary } from '../../lib/runner/reconciler.js';
import { installManifests } from '../../lib/runner-install/install-manifests.js';
import { installCommand } from '../../lib/cli/install-command.js';
import { parseAllDocuments } from 'yaml';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function pod(
  name: string,
  options: { phase?: string; waiting?: string; scheduledAt?: number; createdAt?: number; deleting?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'redis',
      uid: `uid-${name}`,
      labels: { 'redis.io/cluster': 'rec' },
      creationTimestamp: iso(options.createdAt ?? T0),
      ...(options.deleting ? { deletionTimestamp: iso(T0) } : {}),
      annotations: { big: 'x'.repeat(1000) },
    },
    spec: { containers: [{ name: 'redis-enterprise-node', image: 'redislabs/redis:1' }] },
    status: {
      phase: options.phase ?? 'Pending',
      conditions: [
        ...(options.scheduledAt !== undefined
          ? [{ type: 'PodScheduled', status: 'True', lastTransitionTime: iso(options.scheduledAt) }]
          : []),
        { type: 'Ready', status: 'False', lastTransitionTime: iso(T0) },
      ],
      containerStatuses: [
        {
          name: 'redis-enterprise-node',
          image: 'redislabs/redis:1',
          state: options.waiting ? { waiting: { reason: options.waiting } } : { running: { startedAt: iso(T0) } },
        },
      ],
    },
  };
}

test('starting policy: pods in ContainerCreating past the threshold, timed from their scheduling; the next check when the next one is due', () => {
  const pods = [
    pod('overdue', { waiting: 'ContainerCreating', scheduledAt: T0 }),
    pod('soon', { waiting: 'ContainerCreating', scheduledAt: T0 + 8_000 }),
    pod('later', { waiting: 'ContainerCreating', scheduledAt: T0 + 9_000 }),
    // Created long ago but scheduled just now: waiting for a node is not being stuck in creation.
    pod('waited-for-a-node', { waiting: 'ContainerCreating', createdAt: T0 - 60_000, scheduledAt: T0 + 9_500 }),
    pod('running', { phase: 'Running', scheduledAt: T0 }),
    pod('pulling', { waiting: 'ImagePullBackOff', scheduledAt: T0 }),
    pod('deleting', { waiting: 'ContainerCreating', scheduledAt: T0, deleting: true }),
  ];
  const result = stuckPods(pods, 10, T0 + 12_000);
  assert.deepEqual(
    result.overdue.map((o) => [o.pod.metadata.name, o.seconds]),
    [['overdue', 12]],
  );
  assert.equal(result.nextCheckMs, 6_000, "'soon' is due in 6 s");
  assert.deepEqual(stuckPods(pods, 0, T0 + 12_000), { overdue: [] }, '0 turns the policy off');
  assert.deepEqual(stuckPods([pod('running', { phase: 'Running' })], 10, T0), { overdue: [] });
  // Without a PodScheduled condition, from its creation.
  assert.equal(creatingSince(pod('x', { waiting: 'ContainerCreating', createdAt: T0 })), T0);
});

test('starting policy: the cache keeps only what the policy reads of a pod, and reads the same from it', () => {
  const full = pod('p', { waiting: 'ContainerCreating', scheduledAt: T0 + 1000 });
  const slim = slimPod(full);
  assert.equal(slim.metadata.annotations, undefined);
  assert.equal((slim as { spec?: unknown }).spec, undefined);
  assert.deepEqual(slim.metadata.labels, full.metadata.labels);
  assert.equal(creatingSince(slim), creatingSince(full));
  assert.ok(JSON.stringify(slim).length < JSON.stringify(full).length / 2);
});

test('the version a StatefulSet runs is the tag of its Redis Enterprise container', () => {
  const rec = {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: 'redis', uid: 'u' },
    spec: { redisEnterpriseImageSpec: { repository: 'registry:5000/redis', versionTag: '7.22.0-28' } },
  };
  const sts = desiredObjects(rec).objects.find((o) => o.kind === 'StatefulSet');
  assert.equal(runningVersion(sts), '7.22.0-28');
  assert.equal(runningVersion(undefined), undefined);
  // The runner passes it on: without the pin, the nodes keep it.
  const kept = desiredObjects({ ...rec, spec: {} }, undefined, { runningRedisEnterpriseVersion: '7.22.0-28' });
  assert.equal(runningVersion(kept.objects.find((o) => o.kind === 'StatefulSet')), '7.22.0-28');
});

test('a larger flash claim is an immutable change, never a volume growth', () => {
  const sts = (flashDiskSize: string, volumeSize = '10Gi') =>
    desiredObjects({
      apiVersion: 'app.redislabs.com/v1',
      kind: 'RedisEnterpriseCluster',
      metadata: { name: 'rec', namespace: 'redis', uid: 'u' },
      spec: {
        persistentSpec: { volumeSize, enablePersistentVolumeResize: true },
        redisOnFlashSpec: { enabled: true, storageClassName: 'local', flashDiskSize },
      },
    }).objects.find((o) => o.kind === 'StatefulSet')!;
  assert.deepEqual(statefulSetChange(sts('200G'), sts('100G')), {
    kind: 'immutable',
    field: 'spec.volumeClaimTemplates',
  });
  assert.deepEqual(statefulSetChange(sts('100G', '20Gi'), sts('100G')), { kind: 'grow', from: '10Gi', to: '20Gi' });
});

test('fields not acted on are told grouped by why, each group with the words validate uses', () => {
  const rest = "accepted but not acted on (a Redis Enterprise setting: it goes through Redis Enterprise's REST API)";
  assert.equal(
    notActedOnSummary([
      { path: 'spec.ldap', message: rest },
      { path: 'spec.podStartingPolicy', message: 'accepted but not acted on (this install may not)' },
      { path: 'spec.backup', message: rest },
      { path: 'spec.servicesRiggerSpec.x', message: 'accepted but not acted on' },
      { path: 'spec.nodez', message: 'unknown field: ignored' },
    ]),
    "accepted but not acted on: spec.ldap, spec.backup (a Redis Enterprise setting: it goes through Redis Enterprise's REST API); spec.podStartingPolicy (this install may not); spec.servicesRiggerSpec.x",
  );
  assert.equal(notActedOnSummary([]), undefined);
});

test('install options: CronJobs and pods are granted only when enabled, in every watched namespace', () => {
  const rulesOf = (objects: { kind: string; metadata: { namespace?: string }; rules?: any[] }[], kind: string) =>
    objects.filter((o) => o.kind === kind).flatMap((o) => (o.rules ?? []).flatMap((r: any) => r.resources as string[]));
  const plain = installManifests({ namespace: 'rec-system', watchNamespaces: ['a', 'b'] }) as any[];
  assert.ok(!rulesOf(plain, 'Role').includes('cronjobs'));
  assert.ok(!rulesOf(plain, 'Role').includes('pods'));
  const full = installManifests({
    namespace: 'rec-system',
    watchNamespaces: ['a', 'b'],
    usageMeter: true,
    podStartingPolicy: true,
  }) as any[];
  for (const ns of ['a', 'b']) {
    const role = full.find((o) => o.kind === 'Role' && o.metadata.namespace === ns);
    assert.deepEqual(
      role.rules.filter((r: any) => ['cronjobs', 'pods'].includes(r.resources[0])),
      [
        { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['list', 'watch', 'create', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'delete'] },
      ],
      ns,
    );
  }
  const all = installManifests({ watchNamespaces: 'all', podStartingPolicy: true }) as any[];
  assert.ok(rulesOf(all, 'ClusterRole').includes('pods'));
  assert.ok(!rulesOf(all, 'ClusterRole').includes('cronjobs'));
  // The CLI flags: --usage-meter and --pod-starting-policy add the same rules to the runner's Role.
  const runnerRole = (options: { usageMeter?: boolean; podStartingPolicy?: boolean }) => {
    let out = '';
    installCommand({ runnerNamespace: 'rec-system', ...options }, { out: (t: string) => (out += t), err: () => {} });
    const docs = parseAllDocuments(out).map((d) => d.toJS());
    return docs
      .find((o) => o.kind === 'Role' && o.metadata.name === 'rec-runner')
      .rules.map((r: any) => r.resources[0]);
  };
  assert.ok(runnerRole({ usageMeter: true }).includes('cronjobs'));
  assert.ok(!runnerRole({ usageMeter: true }).includes('pods'));
  assert.ok(runnerRole({ podStartingPolicy: true }).includes('pods'));
  assert.ok(!runnerRole({}).includes('cronjobs') && !runnerRole({}).includes('pods'));
});
