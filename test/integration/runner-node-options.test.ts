/**
 * The node-side fields of the current official operator, through the runner on a real control
 * plane: the usage meter's CronJob (applied, owned, restored, pruned when disabled or removed),
 * the flash claim, the timezone, extra pod attributes and the rolling update of userDefinedModules,
 * podStartingPolicy against a pod kwok holds in ContainerCreating (and a healthy cluster left
 * alone), a running cluster keeping its Redis Enterprise version, an idle resync with the new
 * informers, and an install without the options, which says what it does not act on and why.
 * The runner runs as the ServiceAccount of an install with --usage-meter and --pod-starting-policy.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { REDIS_ENTERPRISE_VERSION } from '../../lib/spec/images.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { installRunnerIdentity, runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';
import { GRANTED_TO_EVERYONE, grantedPermissions, usedPermissions } from './helpers/permission-use.js';
import { FEATURE_RULES } from '../../constructs/runner/rbac-rules.js';
import { KWOK_HOLD_ANNOTATION, KWOK_HOLD_CONTAINER_CREATING } from '../../scripts/control-plane/kwok-stages.js';

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any };

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  ns = await createNamespace(cluster.client, 'rec-node-options');
  await installRunnerIdentity(cluster.client, ns, [ns], { usageMeter: true, podStartingPolicy: true });
  runner = await startRunner(await runnerKubeconfig(cluster.kubeConfig, ns), [
    '--namespace',
    ns,
    '--resync-period',
    '5',
  ]);
});

after(async () => {
  await runner?.kill().catch(() => {});
  await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

const rec = (name: string, spec: Record<string, unknown>, namespace = ns) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace },
  spec,
});
const apply = (object: ReturnType<typeof rec>) => cluster.client.apply(object, { fieldManager: FM });
const get = (type: Parameters<typeof cluster.client.get>[0], name: string, namespace = ns) =>
  cluster.client.get<Any>(type, namespace, name);
const patchSpec = (name: string, spec: Record<string, unknown>) =>
  cluster.client.patch(RESOURCE.redisEnterpriseCluster, ns, name, { spec }, { patchType: 'merge' });
const state = async (name: string, namespace = ns) =>
  (await get(RESOURCE.redisEnterpriseCluster, name, namespace))?.status?.state as string | undefined;
const EVENT = resourceFor('v1', 'Event');

async function events(name: string, reason: string): Promise<{ message: string; count: number }[]> {
  const { items } = await cluster.client.list<Any>(EVENT, {
    namespace: ns,
    fieldSelector: `involvedObject.name=${name}`,
  });
  return items
    .filter((e) => (e as any).reason === reason)
    .map((e) => ({ message: (e as any).message as string, count: Number((e as any).count ?? 1) }));
}

/** The spec the REC's last reconcile read: its status names that generation. */
async function reconciled(name: string): Promise<void> {
  await waitFor(`REC ${name} reconciled at its generation`, async () => {
    const r = await get(RESOURCE.redisEnterpriseCluster, name);
    return r && r.status?.observedGeneration === r.metadata.generation;
  });
}

const podsOf = async (name: string) =>
  (
    await cluster.client.list<Any>(RESOURCE.pod, {
      namespace: ns,
      labelSelector: `redis.io/cluster=${name},redis.io/role=node`,
    })
  ).items;

test('usage meter: the call home CronJob is applied and owned, restored when deleted, pruned when disabled or removed', async () => {
  await apply(rec('meter', { usageMeter: { callHomeClient: {} } }));
  const cron = await waitFor('CronJob meter-call-home', () => get(RESOURCE.cronJob, 'meter-call-home'));
  const uid = (await get(RESOURCE.redisEnterpriseCluster, 'meter'))!.metadata.uid;
  assert.deepEqual(
    cron.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]),
    [['RedisEnterpriseCluster', 'meter', uid, true]],
  );
  assert.equal(cron.metadata.labels?.['app.kubernetes.io/managed-by'], 'rec-cdk8s');
  assert.equal(cron.spec.schedule, '0 23 * * *');
  assert.equal(cron.spec.timeZone, 'Etc/UTC');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  assert.equal(pod.containers[0].image.split(':')[0], 'redislabs/re-call-home-client');
  assert.deepEqual(pod.containers[0].resources.requests, { cpu: '250m', memory: '256Mi' });
  assert.equal(pod.automountServiceAccountToken, false);

  // Deleted by hand: the next reconcile brings it back (the CronJob informer woke the REC).
  await cluster.client.delete(RESOURCE.cronJob, ns, 'meter-call-home');
  await waitFor('CronJob meter-call-home restored', async () => {
    const again = await get(RESOURCE.cronJob, 'meter-call-home');
    return again && again.metadata.uid !== cron.metadata.uid;
  });

  await patchSpec('meter', { usageMeter: { callHomeClient: { disabled: true } } });
  await waitFor('CronJob pruned once disabled', async () => !(await get(RESOURCE.cronJob, 'meter-call-home')));

  await patchSpec('meter', { usageMeter: { callHomeClient: { disabled: false, cronExpression: '0 */6 * * *' } } });
  await waitFor(
    'CronJob back on its new schedule',
    async () => (await get(RESOURCE.cronJob, 'meter-call-home'))?.spec.schedule === '0 */6 * * *',
  );
  await patchSpec('meter', { usageMeter: null });
  await waitFor(
    'CronJob pruned once usageMeter is removed',
    async () => !(await get(RESOURCE.cronJob, 'meter-call-home')),
  );
  const pruned = await events('meter', 'Pruned');
  assert.ok(
    pruned.some((e) => e.message.includes('CronJob meter-call-home')),
    JSON.stringify(pruned),
  );
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'meter');
});

test('flash claim, timezone and extra pod attributes reach the pods; a new module list rolls them', async () => {
  const modules = (url: string) => [{ name: 'custom', source: { https: { url } } }];
  await apply(
    rec('opts', {
      nodes: 3,
      persistentSpec: { volumeSize: '1Gi' },
      redisOnFlashSpec: { enabled: true, storageClassName: 'standard', flashDiskSize: '2Gi' },
      containerTimezone: { timezoneName: 'Europe/London' },
      userDefinedModules: modules('https://modules.example.com/v1.zip'),
      redisEnterpriseAdditionalPodSpecAttributes: {
        dnsPolicy: 'ClusterFirstWithHostNet',
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'redis', effect: 'NoSchedule' }],
      },
    }),
  );
  await waitFor('opts Running', async () => (await state('opts')) === 'Running', 120_000);
  const claim = await get(RESOURCE.persistentVolumeClaim, 'redis-enterprise-flash-opts-0');
  assert.ok(claim, 'the flash claim of node 0');
  assert.equal(claim.spec.storageClassName, 'standard');
  assert.equal(claim.spec.resources.requests.storage, '2Gi');
  assert.equal(claim.status?.phase, 'Bound');
  const [pod] = (await podsOf('opts')).filter((p) => p.metadata.name === 'opts-0');
  assert.ok(pod);
  const byName = (name: string) => pod.spec.containers.find((c: any) => c.name === name);
  for (const container of ['redis-enterprise-node', 'bootstrapper'])
    assert.deepEqual(
      byName(container).env?.filter((e: any) => e.name === 'TZ'),
      [{ name: 'TZ', value: 'Europe/London' }],
      container,
    );
  assert.ok(
    byName('redis-enterprise-node').volumeMounts.some(
      (m: any) => m.name === 'redis-enterprise-flash' && m.mountPath === '/var/opt/redislabs/flash',
    ),
  );
  assert.equal(
    pod.spec.volumes.find((v: any) => v.name === 'redis-enterprise-flash')?.persistentVolumeClaim?.claimName,
    'redis-enterprise-flash-opts-0',
  );
  assert.equal(pod.spec.dnsPolicy, 'ClusterFirstWithHostNet');
  assert.ok(pod.spec.tolerations.some((t: any) => t.key === 'dedicated'));
  const rigger = await get(RESOURCE.deployment, 'opts-services-rigger');
  assert.ok(
    rigger!.spec.template.spec.containers[0].env.some((e: any) => e.name === 'TZ' && e.value === 'Europe/London'),
  );

  // A new module list: every node pod is replaced, one at a time (the StatefulSet rolls them).
  const before = new Map((await podsOf('opts')).map((p) => [p.metadata.name, p.metadata.uid]));
  const hashBefore = pod.metadata.annotations?.['rec-cdk8s.io/user-defined-modules'];
  assert.ok(hashBefore);
  await patchSpec('opts', { userDefinedModules: modules('https://modules.example.com/v2.zip') });
  await waitFor(
    'every node pod replaced with the new module list',
    async () => {
      const pods = await podsOf('opts');
      return (
        pods.length === 3 &&
        pods.every(
          (p) =>
            p.metadata.uid !== before.get(p.metadata.name) &&
            p.metadata.annotations?.['rec-cdk8s.io/user-defined-modules'] !== hashBefore,
        )
      );
    },
    120_000,
  );
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'opts');
});

test('podStartingPolicy: a node pod held in ContainerCreating past the threshold is deleted, again and again; a healthy cluster is left alone', async () => {
  const policy = { enabled: true, startingThresholdSeconds: 4 };
  await apply(rec('healthy', { nodes: 3, podStartingPolicy: policy }));
  await waitFor('healthy Running', async () => (await state('healthy')) === 'Running', 120_000);
  const healthyPods = new Map((await podsOf('healthy')).map((p) => [p.metadata.name, p.metadata.uid]));
  assert.equal(healthyPods.size, 3);

  await apply(
    rec('stuck', {
      nodes: 3,
      podStartingPolicy: policy,
      redisEnterprisePodAnnotations: { [KWOK_HOLD_ANNOTATION]: KWOK_HOLD_CONTAINER_CREATING },
    }),
  );
  const first = await waitFor('stuck-0 held in ContainerCreating', async () => {
    const pod = await get(RESOURCE.pod, 'stuck-0');
    const waiting = pod?.status?.containerStatuses?.map((c: any) => c.state?.waiting?.reason);
    return pod?.status?.phase === 'Pending' && waiting?.includes('ContainerCreating') ? pod : undefined;
  });
  // Deleted past the threshold, made again by the StatefulSet, held again, deleted again.
  let uid = first.metadata.uid;
  for (const round of [1, 2]) {
    uid = await waitFor(
      `stuck-0 deleted and made again (round ${round})`,
      async () => {
        const pod = await get(RESOURCE.pod, 'stuck-0');
        return pod && pod.metadata.uid !== uid ? pod.metadata.uid : undefined;
      },
      60_000,
    );
  }
  const told = await events('stuck', 'StuckPodDeleted');
  assert.ok(told.reduce((sum, e) => sum + e.count, 0) >= 2, JSON.stringify(told));
  assert.match(
    told[0]!.message,
    /deleted pod stuck-0: in ContainerCreating for \d+ s, over podStartingPolicy\.startingThresholdSeconds \(4\)/,
  );
  assert.ok((await runner.metric('rec_stuck_pods_deleted_total')) >= 2);
  assert.equal((await state('stuck')) === 'Running', false, 'a cluster whose first node never starts is not Running');

  // Meanwhile, well past its threshold twice over, the healthy cluster kept every pod.
  assert.deepEqual(new Map((await podsOf('healthy')).map((p) => [p.metadata.name, p.metadata.uid])), healthyPods);
  assert.deepEqual(await events('healthy', 'StuckPodDeleted'), []);
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'stuck');
  await waitFor('stuck gone', async () => !(await get(RESOURCE.redisEnterpriseCluster, 'stuck')));
});

test('upgradeSpec: a running cluster keeps its Redis Enterprise version until it pins another or follows upgrades', async () => {
  const image = async () =>
    (await get(RESOURCE.statefulSet, 'version'))?.spec.template.spec.containers.find(
      (c: any) => c.name === 'redis-enterprise-node',
    )?.image as string | undefined;
  await apply(rec('version', { redisEnterpriseImageSpec: { versionTag: '7.22.0-28' } }));
  await waitFor('the pinned version applied', async () => (await image()) === 'redislabs/redis:7.22.0-28');
  // The pin removed, upgradeSpec absent: the version it runs is kept (not this release's default).
  await patchSpec('version', { redisEnterpriseImageSpec: null });
  await reconciled('version');
  assert.equal(await image(), 'redislabs/redis:7.22.0-28');
  await patchSpec('version', { upgradeSpec: { autoUpgradeRedisEnterprise: true } });
  await waitFor(
    "following upgrades: this release's default version",
    async () => (await image()) === `redislabs/redis:${REDIS_ENTERPRISE_VERSION}`,
  );
});

test('settled: an idle resync, with the CronJob and pod informers, makes no write and records no event', async () => {
  await apply(rec('meter-idle', { usageMeter: { callHomeClient: {} }, podStartingPolicy: { enabled: true } }));
  await waitFor('meter-idle Running', async () => (await state('meter-idle')) === 'Running', 120_000);
  const writes = async () => {
    let sum = 0;
    for (const method of ['APPLY', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'])
      sum += await runner.metric('rest_client_requests_total', { method });
    return sum;
  };
  let last = await writes();
  await waitFor(
    'no write for 11 s',
    async () => {
      const start = last;
      await new Promise((r) => setTimeout(r, 11_000));
      last = await writes();
      return last === start;
    },
    90_000,
  );
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  const eventsBefore = (await cluster.client.list<Any>(EVENT, { namespace: ns })).items.reduce(
    (sum, e) => sum + Number((e as any).count ?? 1),
    0,
  );
  await new Promise((r) => setTimeout(r, 11_000));
  assert.ok((await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 2, 'two resyncs reconciled');
  assert.equal((await writes()) - last, 0, 'no write while idle');
  const eventsAfter = (await cluster.client.list<Any>(EVENT, { namespace: ns })).items.reduce(
    (sum, e) => sum + Number((e as any).count ?? 1),
    0,
  );
  assert.equal(eventsAfter - eventsBefore, 0, 'no event while idle');
});

test('an install without the options reconciles the REC without them, and its status says so and why', async () => {
  const other = await createNamespace(cluster.client, 'rec-no-options');
  await installRunnerIdentity(cluster.client, other, [other]);
  const plain = await startRunner(await runnerKubeconfig(cluster.kubeConfig, other), [
    '--namespace',
    other,
    '--resync-period',
    '5',
  ]);
  try {
    assert.match(plain.logs(), /usageMeter off \(rec-cdk8s install --usage-meter\)/);
    await apply(rec('plain', { usageMeter: { callHomeClient: {} }, podStartingPolicy: { enabled: true } }, other));
    const done = await waitFor(
      'plain Running',
      async () => {
        const r = await get(RESOURCE.redisEnterpriseCluster, 'plain', other);
        return r?.status?.state === 'Running' ? r : undefined;
      },
      120_000,
    );
    const said = done.status.conditions.find((c: any) => c.type === 'FieldsNotActedOn')?.message as string;
    assert.match(
      said,
      /spec\.usageMeter\.callHomeClient \(this runner's install may not manage CronJobs: install it with rec-cdk8s install --usage-meter/,
    );
    assert.match(
      said,
      /spec\.podStartingPolicy \(this runner's install may not delete pods: install it with rec-cdk8s install --pod-starting-policy\)/,
    );
    assert.equal(await get(RESOURCE.cronJob, 'plain-call-home', other), undefined);
    // It asked for nothing it may not do: no CronJob request at all, and no pod deleted (it
    // watches pods anyway, for the status).
    const used = await usedPermissions(plain.metrics);
    assert.deepEqual(
      [...used].filter((p) => p.startsWith('cronjobs ') || p === 'pods delete'),
      [],
    );
  } finally {
    await plain.kill();
    await deleteNamespace(cluster.client, other);
  }
});

test('the options grant what these scenarios use, all of it, and the runner uses nothing not granted', async () => {
  const used = await usedPermissions(runner.metrics);
  const granted = grantedPermissions({ allNamespaces: false, features: ['usageMeter', 'podStartingPolicy'] });
  assert.deepEqual(
    [...used].filter((p) => !granted.has(p) && !GRANTED_TO_EVERYONE.has(p)),
    [],
    'used without a grant',
  );
  const options = [...FEATURE_RULES.usageMeter, ...FEATURE_RULES.podStartingPolicy].flatMap((rule) =>
    rule.verbs.map((verb) => `${rule.resource} ${verb}`),
  );
  assert.deepEqual(
    options.filter((p) => !used.has(p)),
    [],
    `every verb of the options used (used: ${[...used].sort().join(', ')})`,
  );
});
