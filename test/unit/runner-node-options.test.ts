/**
 * The runner's side of the node-side options, in its pure parts: which pods the starting policy
 * deletes and when it looks again, what it keeps of a pod, the version a StatefulSet runs, flash
 * claims that may not grow, the not-acted-on summary, and the RBAC the install options add.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { creatingSince, stuckPods } from '../../lib/runner/stuck-pods.js';
import { podEssentials } from '../../lib/runner/readiness-watch.js';
import { desiredObjects, runningVersion } from '../../lib/runner/desired-objects.js';
import { statefulSetChange } from '../../lib/runner/volume-growth.js';
import { notActedOn as notActedOnSummary } from '../../lib/runner/status.js';
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

test('starting policy: the pod cache (podEssentials) keeps what the policy reads of a pod, and reads the same from it', () => {
  const full = pod('p', { waiting: 'ContainerCreating', scheduledAt: T0 + 1000 });
  const slim = podEssentials(full);
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

test('install options: CronJobs, and deleting pods, are granted only when enabled, in every watched namespace', () => {
  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
  type Manifest = { kind: string; metadata: { name: string; namespace?: string }; rules?: Rule[] };
  const rulesOf = (objects: Manifest[], kind: string, namespace?: string) =>
    objects
      .filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace))
      .flatMap((o) => o.rules ?? []);
  /** Verbs granted on `resource` by the rules, in order. */
  const verbsOn = (rules: Rule[], resource: string) =>
    rules.filter((r) => r.resources[0] === resource).flatMap((r) => r.verbs);
  const plain = installManifests({ namespace: 'rec-system', watchNamespaces: ['a', 'b'] }) as Manifest[];
  for (const ns of ['a', 'b']) {
    // Pods are watched for the status in every install; never deleted without the option.
    assert.deepEqual(verbsOn(rulesOf(plain, 'Role', ns), 'pods'), ['list', 'watch'], ns);
    assert.deepEqual(verbsOn(rulesOf(plain, 'Role', ns), 'cronjobs'), [], ns);
  }
  const full = installManifests({
    namespace: 'rec-system',
    watchNamespaces: ['a', 'b'],
    usageMeter: true,
    podStartingPolicy: true,
  }) as Manifest[];
  for (const ns of ['a', 'b']) {
    const rules = rulesOf(full, 'Role', ns);
    assert.deepEqual(verbsOn(rules, 'cronjobs'), ['list', 'watch', 'create', 'patch', 'delete'], ns);
    assert.deepEqual(verbsOn(rules, 'pods'), ['list', 'watch', 'delete'], ns);
  }
  const all = installManifests({ watchNamespaces: 'all', podStartingPolicy: true }) as Manifest[];
  assert.ok(verbsOn(rulesOf(all, 'ClusterRole'), 'pods').includes('delete'));
  assert.deepEqual(verbsOn(rulesOf(all, 'ClusterRole'), 'cronjobs'), []);
  // The CLI flags: --usage-meter and --pod-starting-policy add the same rules to the runner's Role.
  const runnerRole = (options: { usageMeter?: boolean; podStartingPolicy?: boolean }) => {
    let out = '';
    installCommand({ runnerNamespace: 'rec-system', ...options }, { out: (t: string) => (out += t), err: () => {} });
    const docs = parseAllDocuments(out).map((d) => d.toJS() as Manifest);
    return rulesOf(
      docs.filter((o) => o.metadata.name === 'rec-runner'),
      'Role',
    );
  };
  assert.ok(verbsOn(runnerRole({ usageMeter: true }), 'cronjobs').includes('create'));
  assert.ok(!verbsOn(runnerRole({ usageMeter: true }), 'pods').includes('delete'));
  assert.ok(verbsOn(runnerRole({ podStartingPolicy: true }), 'pods').includes('delete'));
  assert.deepEqual(verbsOn(runnerRole({}), 'cronjobs'), []);
  assert.ok(!verbsOn(runnerRole({}), 'pods').includes('delete'));
});
