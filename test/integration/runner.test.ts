/**
 * The reconcile runner on a real control plane, as a real process, authenticated as the
 * ServiceAccount the install creates. One namespace, one runner; the tests run in order and each
 * leaves the cluster as the next expects.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { clusterCrd } from '../../lib/crd/crd.js';
import {
  connect,
  createNamespace,
  deleteNamespace,
  ensureCrd,
  kubeconfigPath,
  waitFor,
  type Cluster,
} from './helpers/rec-cluster.js';
import { installRunnerIdentity, runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';

let cluster: Cluster;
let ns: string;
let kubeconfig: string;
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';

type Any = KubeObject & { spec?: any; status?: any; data?: Record<string, string> };

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  ns = await createNamespace(cluster.client, 'rec-runner');
  await installRunnerIdentity(cluster.client, ns);
  kubeconfig = await runnerKubeconfig(cluster.kubeConfig, ns);
  runner = await startRunner(kubeconfig, [
    '--namespace',
    ns,
    '--leader-elect',
    '--lease-namespace',
    ns,
    '--lease-duration',
    '6',
    '--resync-period',
    '3',
  ]);
});

after(async () => {
  await runner?.kill().catch(() => {});
  await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

const rec = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace: ns },
  spec,
});
const get = (type: Parameters<typeof cluster.client.get>[0], name: string) => cluster.client.get<Any>(type, ns, name);
const patchSpec = (name: string, spec: Record<string, unknown>) =>
  cluster.client.patch(RESOURCE.redisEnterpriseCluster, ns, name, { spec }, { patchType: 'merge' });

async function events(name: string): Promise<{ reason: string; message: string }[]> {
  const { items } = await cluster.client.list<Any>(resourceEvent, {
    namespace: ns,
    fieldSelector: `involvedObject.name=${name}`,
  });
  // Timestamps have one-second resolution; the etcd revision in resourceVersion orders events
  // written in the same second (an implementation detail, fine for a test on a known server).
  return items
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => ({ reason: (e as any).reason as string, message: (e as any).message as string }));
}
const resourceEvent = { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true } as const;

async function password(name: string): Promise<string> {
  const secret = await get(RESOURCE.secret, name);
  const value = secret?.data?.password;
  assert.ok(value, 'the Secret has a password');
  return value;
}

test('1. a new REC gets every object, owned and labelled; status goes PendingCreation (told in Created) -> Initializing -> Running, told by events', async () => {
  await cluster.client.apply(rec('alpha', { nodes: 3 }), { fieldManager: FM });
  const live = await waitFor(
    'alpha Running',
    async () => {
      const r = await get(RESOURCE.redisEnterpriseCluster, 'alpha');
      return r?.status?.state === 'Running' ? r : undefined;
    },
    90_000,
  );
  assert.equal(live.status.specStatus, 'Valid');
  assert.equal(live.status.observedGeneration, live.metadata.generation);
  const ready = live.status.conditions.find((c: any) => c.type === 'Ready');
  assert.equal(ready.status, 'True');

  for (const [type, name] of [
    [RESOURCE.serviceAccount, 'alpha'],
    [RESOURCE.role, 'alpha'],
    [RESOURCE.roleBinding, 'alpha'],
    [RESOURCE.service, 'alpha'],
    [RESOURCE.service, 'alpha-ui'],
    [RESOURCE.service, 'alpha-prom'],
    [RESOURCE.service, 'alpha-headless'],
    [RESOURCE.statefulSet, 'alpha'],
    [RESOURCE.podDisruptionBudget, 'alpha'],
    [RESOURCE.deployment, 'alpha-services-rigger'],
  ] as const) {
    const object = await get(type, name);
    assert.ok(object, `${type.kind} ${name} exists`);
    assert.equal(
      object.metadata.ownerReferences?.[0]?.uid,
      live.metadata.uid,
      `${type.kind} ${name} is owned by the REC`,
    );
    assert.equal(object.metadata.labels?.['redis.io/cluster'], 'alpha');
    assert.equal(object.metadata.labels?.app, 'redis-enterprise');
  }
  // The credentials Secret outlives the REC, like the volumes: labelled, never owned.
  const secret = await get(RESOURCE.secret, 'alpha');
  assert.equal(secret?.metadata.ownerReferences, undefined, 'the credentials Secret has no owner');
  assert.equal(secret?.metadata.labels?.['redis.io/cluster'], 'alpha');
  assert.equal(live.status.clusterCredentialSecretName, 'alpha', 'the status names the Secret in use');
  // The first state is told by the Created event; each later state by an event of its own.
  const all = await events('alpha');
  const states = all
    .map((e) => e.reason)
    .filter((r) => ['Created', 'PendingCreation', 'Initializing', 'Running'].includes(r));
  assert.deepEqual(states.slice(0, 1), ['Created'], `state events: ${states.join(' -> ')}`);
  assert.ok(!states.includes('PendingCreation'), `no separate event for the first state: ${states.join(' -> ')}`);
  assert.ok(states.indexOf('Running') > 0, `state events: ${states.join(' -> ')}`);
  const created = all.find((e) => e.reason === 'Created');
  assert.match(created?.message ?? '', /StatefulSet alpha/, 'a Created event lists the objects');
  assert.match(created?.message ?? '', /; state PendingCreation: /, 'and says the first state');
  assert.match(
    created?.message ?? '',
    /created Secret alpha with a generated admin password/,
    'and says the password was generated (without its value)',
  );
  assert.ok(
    !created?.message.includes(Buffer.from(await password('alpha'), 'base64').toString()),
    'the password itself is not in the event',
  );
});

test('2. edits (3 -> 5 nodes, resources, uiServiceType, extraLabels) reach the objects within seconds', async () => {
  await patchSpec('alpha', {
    nodes: 5,
    redisEnterpriseNodeResources: { requests: { cpu: '3', memory: '4Gi' }, limits: { cpu: '3', memory: '4Gi' } },
    uiServiceType: 'NodePort',
    extraLabels: { team: 'payments' },
  });
  await waitFor(
    'the edit to reach the objects',
    async () => {
      const sts = await get(RESOURCE.statefulSet, 'alpha');
      const ui = await get(RESOURCE.service, 'alpha-ui');
      const node = sts?.spec.template.spec.containers.find((c: any) => c.name === 'redis-enterprise-node');
      return (
        sts?.spec.replicas === 5 &&
        node?.resources.requests.cpu === '3' &&
        ui?.spec.type === 'NodePort' &&
        ui.metadata.labels?.team === 'payments' &&
        sts.metadata.labels?.team === 'payments'
      );
    },
    15_000,
  );
  await waitFor(
    '5 nodes Running',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'alpha'))?.status?.state === 'Running',
    90_000,
  );
});

test('4. deleting the UI Service or scaling the StatefulSet by hand is undone, with an event and a metric', async () => {
  const before = await runner.metric('rec_drift_corrections_total');
  const uid = (await get(RESOURCE.service, 'alpha-ui'))!.metadata.uid;
  await cluster.client.delete(RESOURCE.service, ns, 'alpha-ui');
  await waitFor(
    'the UI Service to come back',
    async () => {
      const svc = await get(RESOURCE.service, 'alpha-ui');
      return svc && svc.metadata.uid !== uid;
    },
    15_000,
  );
  await cluster.client.patch(
    RESOURCE.statefulSet,
    ns,
    'alpha',
    { spec: { replicas: 1 } },
    { patchType: 'merge', fieldManager: 'kubectl-edit' },
  );
  await waitFor(
    'replicas restored to 5',
    async () => (await get(RESOURCE.statefulSet, 'alpha'))?.spec.replicas === 5,
    15_000,
  );
  // The event is sent after the apply that restored the replicas (while the status is written):
  // wait for it rather than race it.
  const driftEvents = async () =>
    (await events('alpha'))
      .filter((e) => e.reason === 'DriftCorrected')
      .map((e) => e.message)
      .join('\n');
  await waitFor(
    'the StatefulSet drift event',
    async () => /StatefulSet alpha \(spec\.replicas\)/.test(await driftEvents()),
    10_000,
  ).catch(() => undefined);
  const all = await events('alpha');
  const drift = await driftEvents();
  const told = `events:\n${all.map((e) => `${e.reason}: ${e.message}`).join('\n')}\n\nrunner:\n${runner
    .logs()
    .split('\n')
    .filter((l) => l.includes('"msg":"applying"'))
    .slice(-6)
    .join('\n')}`;
  assert.match(drift, /Service alpha-ui \(deleted\)/, told);
  assert.match(drift, /StatefulSet alpha \(spec\.replicas\)/, told);
  assert.ok((await runner.metric('rec_drift_corrections_total')) >= before + 2, 'drift metric counted both');
});

test('7a. the password is created once and survives 100 reconciles', async () => {
  const first = await password('alpha');
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  for (let i = 0; i < 100; i++) {
    await cluster.client.patch(
      RESOURCE.redisEnterpriseCluster,
      ns,
      'alpha',
      { metadata: { annotations: { 'test/poke': String(i) } } },
      { patchType: 'merge' },
    );
  }
  await waitFor(
    'the runner to work through the pokes',
    async () => (await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 20,
    30_000,
  );
  assert.equal(await password('alpha'), first);
});

test('9. an idle resync writes nothing', async () => {
  await waitFor(
    'alpha settled',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'alpha'))?.status?.state === 'Running',
    60_000,
  );
  await new Promise((r) => setTimeout(r, 2000));
  // Every write but the Lease renewals, which leader election makes whether or not anything changes.
  const writes = async () => {
    let sum = 0;
    for (const method of ['APPLY', 'CREATE', 'UPDATE', 'PATCH', 'DELETE']) {
      sum +=
        (await runner.metric('rest_client_requests_total', { method })) -
        (await runner.metric('rest_client_requests_total', { method, resource: 'leases' }));
    }
    return sum;
  };
  const reconcilesBefore = await runner.metric('controller_runtime_reconcile_total');
  const writesBefore = await writes();
  // Two full resync periods (3 s each, jittered).
  await new Promise((r) => setTimeout(r, 7000));
  assert.ok((await runner.metric('controller_runtime_reconcile_total')) > reconcilesBefore, 'resyncs reconciled');
  const written = (await writes()) - writesBefore;
  const recent = runner
    .logs()
    .split('\n')
    .filter((l) => /"msg":"(applying|writing status)"/.test(l))
    .slice(-10)
    .join('\n');
  assert.equal(written, 0, `no write while idle; the runner's last writes (debug log):\n${recent}`);
});

test('5. turning the service broker off removes its Deployment and Service and keeps its PVC', async () => {
  await patchSpec('alpha', { serviceBrokerSpec: { enabled: true } });
  await waitFor(
    'the broker',
    async () =>
      (await get(RESOURCE.deployment, 'alpha-service-broker')) &&
      (await get(RESOURCE.persistentVolumeClaim, 'alpha-service-broker')),
    15_000,
  );
  await patchSpec('alpha', { serviceBrokerSpec: { enabled: false } });
  await waitFor(
    'the broker Deployment and Service to go',
    async () =>
      !(await get(RESOURCE.deployment, 'alpha-service-broker')) &&
      !(await get(RESOURCE.service, 'alpha-service-broker')),
    15_000,
  );
  assert.ok(await get(RESOURCE.persistentVolumeClaim, 'alpha-service-broker'), 'the broker PVC stays');
  // The event follows the deletes (it is sent while the status is written): wait for it.
  await waitFor(
    'a Pruned event naming the broker Deployment',
    async () =>
      (await events('alpha')).some(
        (e) => e.reason === 'Pruned' && e.message.includes('Deployment alpha-service-broker'),
      ),
    10_000,
  );
});

test('3. with a CRD lacking our rules (as the official one), an invalid spec is reported Invalid and nothing is applied', async () => {
  const crd = clusterCrd() as any;
  const strip = (node: any): any => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node)
          .filter(([k]) => k !== 'x-kubernetes-validations')
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return node;
  };
  await cluster.client.apply({ ...crd, spec: strip(crd.spec) }, { fieldManager: FM });
  try {
    await waitFor(
      'the API server to accept an even node count',
      async () => {
        try {
          await cluster.client.apply(rec('bad', { nodes: 4 }), { fieldManager: FM, dryRun: true });
          return true;
        } catch {
          return false;
        }
      },
      20_000,
    );
    await cluster.client.apply(rec('bad', { nodes: 4 }), { fieldManager: FM });
    const live = await waitFor(
      'bad reported Invalid',
      async () => {
        const r = await get(RESOURCE.redisEnterpriseCluster, 'bad');
        return r?.status?.specStatus === 'Invalid' ? r : undefined;
      },
      15_000,
    );
    assert.equal(live.status.state, 'Invalid');
    const invalid = (await events('bad')).find((e) => e.reason === 'InvalidConfiguration');
    assert.ok(invalid, 'an InvalidConfiguration event');
    assert.match(invalid.message, /spec\.nodes: must be odd and at least 3 \(got 4\)/);
    assert.equal(await get(RESOURCE.statefulSet, 'bad'), undefined, 'nothing applied');
    assert.equal(await get(RESOURCE.secret, 'bad'), undefined, 'nothing applied');

    // An edit the API server now lets through (5 -> 3 nodes) is refused by the runner, against the
    // edit basis it keeps on the StatefulSet; the StatefulSet keeps its 5 replicas; undoing the edit heals.
    await patchSpec('alpha', { nodes: 3 });
    const refused = await waitFor(
      'alpha reported Invalid',
      async () => {
        const r = await get(RESOURCE.redisEnterpriseCluster, 'alpha');
        return r?.status?.specStatus === 'Invalid' ? r : undefined;
      },
      15_000,
    );
    const specValid = refused.status.conditions.find((c: any) => c.type === 'SpecValid');
    assert.match(specValid.message, /spec\.nodes: must not decrease \(was 5, got 3\)/);
    assert.equal((await get(RESOURCE.statefulSet, 'alpha'))?.spec.replicas, 5, 'nothing applied');
    await patchSpec('alpha', { nodes: 5 });
    await waitFor(
      'alpha Valid again',
      async () => (await get(RESOURCE.redisEnterpriseCluster, 'alpha'))?.status?.specStatus === 'Valid',
      15_000,
    );
  } finally {
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'bad');
    await ensureCrd(cluster.client);
  }
});

test('8. volume growth keeps the pods (same UIDs) and ends with larger claims', async () => {
  await cluster.client.apply(
    rec('grow', { nodes: 3, persistentSpec: { volumeSize: '10Gi', enablePersistentVolumeResize: true } }),
    { fieldManager: FM },
  );
  await waitFor(
    'grow Running',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'grow'))?.status?.state === 'Running',
    90_000,
  );
  const podUids = async () =>
    (
      await cluster.client.list(RESOURCE.pod, {
        namespace: ns,
        labelSelector: 'redis.io/cluster=grow,redis.io/role=node',
      })
    ).items
      .map((p) => `${p.metadata.name}=${p.metadata.uid}`)
      .sort();
  const pods = await podUids();
  const stsUid = (await get(RESOURCE.statefulSet, 'grow'))!.metadata.uid;
  await patchSpec('grow', { persistentSpec: { volumeSize: '20Gi', enablePersistentVolumeResize: true } });
  await waitFor(
    'claims expanded to 20Gi',
    async () => {
      const { items } = await cluster.client.list<Any>(RESOURCE.persistentVolumeClaim, {
        namespace: ns,
        labelSelector: 'redis.io/cluster=grow',
      });
      return (
        items.length === 3 &&
        items.every((c) => c.spec.resources.requests.storage === '20Gi' && c.status?.capacity?.storage === '20Gi')
      );
    },
    30_000,
  );
  await waitFor(
    'the StatefulSet recreated with the new claim template',
    async () => {
      const sts = await get(RESOURCE.statefulSet, 'grow');
      return (
        sts &&
        sts.metadata.uid !== stsUid &&
        sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage === '20Gi'
      );
    },
    30_000,
  );
  await waitFor(
    'grow Running again',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'grow'))?.status?.state === 'Running',
    30_000,
  );
  assert.deepEqual(await podUids(), pods, 'the same pods kept running');
});

test('7b. the password survives a runner restart and spec edits', async () => {
  const first = await password('alpha');
  assert.equal(await runner.stop(), 0, 'SIGTERM exits cleanly');
  runner = await startRunner(kubeconfig, [
    '--namespace',
    ns,
    '--leader-elect',
    '--lease-namespace',
    ns,
    '--lease-duration',
    '6',
    '--resync-period',
    '3',
  ]);
  await patchSpec('alpha', { extraLabels: { team: 'payments', tier: 'gold' } });
  await waitFor(
    'the edit applied by the new runner',
    async () => (await get(RESOURCE.statefulSet, 'alpha'))?.metadata.labels?.tier === 'gold',
    30_000,
  );
  assert.equal(await password('alpha'), first);
});

test('10. two runners with --leader-elect: one reconciles; stop it and the other takes over within the lease duration', async () => {
  const second = await startRunner(kubeconfig, [
    '--namespace',
    ns,
    '--leader-elect',
    '--lease-namespace',
    ns,
    '--lease-duration',
    '6',
    '--resync-period',
    '3',
  ]);
  try {
    await waitFor(
      'the first runner to lead',
      async () => (await runner.metric('leader_election_master_status')) === 1,
      20_000,
    );
    assert.equal(await second.metric('leader_election_master_status'), 0);
    assert.equal(await second.metric('controller_runtime_reconcile_total'), 0, 'the standby reconciles nothing');
    // A hard stop: no release, so the standby waits for the lease to expire (6 s).
    await runner.kill();
    const killedAt = Date.now();
    await waitFor(
      'the standby to lead',
      async () => (await second.metric('leader_election_master_status')) === 1,
      20_000,
    );
    assert.ok(Date.now() - killedAt < 6_000 + 4_000, 'within the lease duration plus a retry period');
    await patchSpec('alpha', { extraLabels: { team: 'payments', tier: 'silver' } });
    await waitFor(
      'the new leader reconciles',
      async () => (await get(RESOURCE.statefulSet, 'alpha'))?.metadata.labels?.tier === 'silver',
      20_000,
    );
  } finally {
    runner = second;
  }
});

test('11. killing the runner mid-reconcile, or restarting kube-apiserver, ends converged', async () => {
  await cluster.client.apply(rec('crash', { nodes: 3 }), { fieldManager: FM });
  await new Promise((r) => setTimeout(r, 150));
  await runner.kill();
  runner = await startRunner(kubeconfig, [
    '--namespace',
    ns,
    '--leader-elect',
    '--lease-namespace',
    ns,
    '--lease-duration',
    '6',
    '--resync-period',
    '3',
  ]);
  await waitFor(
    'crash Running after the kill',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'crash'))?.status?.state === 'Running',
    90_000,
  );

  // Restart kube-apiserver: the control plane's supervisor starts it again; watches must recover.
  // Our control plane's apiserver is the one whose arguments name the kubeconfig's state directory.
  const stateDir = dirname(kubeconfigPath());
  const pid = execFileSync('pgrep', ['-f', `kube-apiserver .*${stateDir}/`], { encoding: 'utf8' })
    .trim()
    .split('\n')[0];
  if (!pid) throw new Error(`no kube-apiserver of ${stateDir} found: restarting it needs the test control plane`);
  // SIGKILL: a crash; a graceful stop waits for every open watch to drain and can take a minute.
  process.kill(Number(pid), 'SIGKILL');
  // The edit is retried until the restarted server takes it (it answers 503 while it installs its APIs).
  await waitFor(
    'kube-apiserver back and taking the edit',
    async () => {
      await patchSpec('crash', { nodes: 5 });
      return true;
    },
    60_000,
  );
  await waitFor(
    'crash edited after the restart',
    async () => (await get(RESOURCE.statefulSet, 'crash'))?.spec.replicas === 5,
    60_000,
  );
  await waitFor(
    'crash Running',
    async () => (await get(RESOURCE.redisEnterpriseCluster, 'crash'))?.status?.state === 'Running',
    90_000,
  );
});

test('12. /healthz, /readyz and /metrics answer; SIGTERM exits cleanly and releases the Lease', async () => {
  // The runner may have restarted itself after the apiserver restart (a lost Lease): wait until it answers.
  await waitFor(
    'the runner ready',
    async () => (await fetch(`http://127.0.0.1:${runner.health}/readyz`)).status === 200,
    30_000,
  );
  for (const path of ['/healthz', '/readyz'])
    assert.equal((await fetch(`http://127.0.0.1:${runner.health}${path}`)).status, 200, path);
  const metrics = await (await fetch(`http://127.0.0.1:${runner.metrics}/metrics`)).text();
  for (const name of [
    'controller_runtime_reconcile_total',
    'controller_runtime_reconcile_time_seconds',
    'workqueue_depth',
    'rest_client_requests_total',
  ])
    assert.ok(metrics.includes(name), name);
  await waitFor('the runner to lead', async () => (await runner.metric('leader_election_master_status')) === 1, 20_000);
  assert.equal(await runner.stop(), 0);
  const lease = await cluster.client.get<Any>(RESOURCE.lease, ns, 'rec-cdk8s-runner');
  assert.ok(!lease?.spec.holderIdentity, `released (holder: ${lease?.spec.holderIdentity})`);
  runner = await startRunner(kubeconfig, ['--namespace', ns, '--resync-period', '3']);
});

test('6. deleting the REC removes its objects by garbage collection; every PVC and the credentials Secret stay', async () => {
  const kept = await password('alpha');
  const claims = (
    await cluster.client.list(RESOURCE.persistentVolumeClaim, {
      namespace: ns,
      labelSelector: 'redis.io/cluster=alpha',
    })
  ).items.length;
  assert.ok(claims >= 5);
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'alpha');
  await waitFor(
    'the owned objects to be collected',
    async () => {
      for (const [type, name] of [
        [RESOURCE.statefulSet, 'alpha'],
        [RESOURCE.service, 'alpha-ui'],
        [RESOURCE.deployment, 'alpha-services-rigger'],
        [RESOURCE.role, 'alpha'],
        [RESOURCE.podDisruptionBudget, 'alpha'],
      ] as const) {
        if (await get(type, name)) return false;
      }
      return true;
    },
    60_000,
  );
  const left = await cluster.client.list(RESOURCE.persistentVolumeClaim, {
    namespace: ns,
    labelSelector: 'redis.io/cluster=alpha',
  });
  assert.equal(left.items.length, claims, 'every claim stays');
  assert.ok(await get(RESOURCE.persistentVolumeClaim, 'alpha-service-broker'), 'the broker claim stays');
  assert.equal(await password('alpha'), kept, 'the credentials Secret stays, password unchanged');
});
