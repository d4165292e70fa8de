/**
 * The reconcile runner on a real control plane, as a real process, authenticated as the
 * ServiceAccount the install creates. Every scenario owns its REC and waits on conditions, never
 * on the clock, and none depends on another having run: the first group shares one runner (each
 * REC under its own name), the second starts, stops and kills runners of its own, each in a
 * namespace of its own.
 */
import { describe, it, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { clusterCrd } from '../../lib/api/crd/crd.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { makeRunnerNamespace } from './helpers/runner-namespace.js';
import { connect, deleteNamespace, ensureCrd, kubeconfigPath, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig, startRunner, writesOf, type RunnerProcess } from './helpers/runner-process.js';
import { recsIn, type LiveObject as Any, type RecsInNamespace } from './helpers/recs-in-namespace.js';

const FM = 'rec-cdk8s-tests';
/** How the runners run here: leader election on a short Lease, a resync every 3 s. */
const RUNNER_ARGS = ['--leader-elect', '--lease-duration', '6', '--resync-period', '3'];

let cluster: Cluster;

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
});

after(() => cluster.client.close());

/** A namespace with the runner's identity in it, and a kubeconfig of that identity. */
async function runnerNamespace(prefix: string): Promise<{ ns: string; kubeconfig: string }> {
  const { ns } = await makeRunnerNamespace(cluster, prefix);
  return { ns, kubeconfig: await runnerKubeconfig(cluster.kubeConfig, ns) };
}

/** A runner of its own for one scenario, in a namespace of its own; both go when the scenario ends. */
async function ownRunner(
  t: TestContext,
  prefix: string,
  args: string[] = [],
): Promise<{ ns: string; kubeconfig: string; runner: RunnerProcess; start: () => Promise<RunnerProcess> }> {
  const { ns, kubeconfig } = await runnerNamespace(prefix);
  const started: RunnerProcess[] = [];
  t.after(async () => {
    await Promise.all(started.map((r) => r.kill().catch(() => {})));
    await deleteNamespace(cluster.client, ns);
  });
  const start = async () => {
    const runner = await startRunner(kubeconfig, ['--namespace', ns, '--lease-namespace', ns, ...RUNNER_ARGS, ...args]);
    started.push(runner);
    return runner;
  };
  return { ns, kubeconfig, runner: await start(), start };
}

describe('RECs reconciled by one runner', () => {
  let ns: string;
  let runner: RunnerProcess;
  let on: RecsInNamespace;

  before(async () => {
    const made = await runnerNamespace('rec-runner');
    ns = made.ns;
    on = recsIn(cluster.client, ns);
    runner = await startRunner(made.kubeconfig, ['--namespace', ns, '--lease-namespace', ns, ...RUNNER_ARGS]);
  });

  after(async () => {
    await runner?.kill().catch(() => {});
    if (ns) await deleteNamespace(cluster.client, ns);
  });

  it('a new REC gets every object, owned and labelled; status goes PendingCreation (told in Created) -> Initializing -> Running, told by events', async () => {
    await on.create('alpha', { nodes: 3 });
    const live = await on.stateIs('alpha', 'Running', 90_000);
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
      const object = await on.get(type, name);
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
    const secret = await on.get(RESOURCE.secret, 'alpha');
    assert.equal(secret?.metadata.ownerReferences, undefined, 'the credentials Secret has no owner');
    assert.equal(secret?.metadata.labels?.['redis.io/cluster'], 'alpha');
    assert.equal(live.status.clusterCredentialSecretName, 'alpha', 'the status names the Secret in use');
    // The first state is told by the Created event; each later state by an event of its own.
    const all = await on.events('alpha');
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
      !created?.message.includes(Buffer.from(await on.password('alpha'), 'base64').toString()),
      'the password itself is not in the event',
    );
  });

  it('edits (3 -> 5 nodes, resources, uiServiceType, extraLabels) reach the objects within seconds', async () => {
    await on.create('edited', { nodes: 3 });
    await on.stateIs('edited', 'Running', 90_000);
    await on.patchSpec('edited', {
      nodes: 5,
      redisEnterpriseNodeResources: { requests: { cpu: '3', memory: '4Gi' }, limits: { cpu: '3', memory: '4Gi' } },
      uiServiceType: 'NodePort',
      extraLabels: { team: 'payments' },
    });
    await waitFor(
      'the edit to reach the objects',
      async () => {
        const sts = await on.get(RESOURCE.statefulSet, 'edited');
        const ui = await on.get(RESOURCE.service, 'edited-ui');
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
    await on.stateIs('edited', 'Running', 90_000);
  });

  it('deleting the UI Service or scaling the StatefulSet by hand is undone, with an event and a metric', async () => {
    await on.create('drift', { nodes: 5 });
    await on.stateIs('drift', 'Running', 90_000);
    const before = await runner.metric('rec_drift_corrections_total');
    const uid = (await on.get(RESOURCE.service, 'drift-ui'))!.metadata.uid;
    await cluster.client.delete(RESOURCE.service, ns, 'drift-ui');
    await on.recreated(RESOURCE.service, 'drift-ui', uid, 15_000);
    await cluster.client.patch(
      RESOURCE.statefulSet,
      ns,
      'drift',
      { spec: { replicas: 1 } },
      { patchType: 'merge', fieldManager: 'kubectl-edit' },
    );
    await waitFor(
      'replicas restored to 5',
      async () => (await on.get(RESOURCE.statefulSet, 'drift'))?.spec.replicas === 5,
      15_000,
    );
    // The event is sent after the apply that restored the replicas (while the status is written):
    // wait for it rather than race it.
    const driftEvents = async () =>
      (await on.events('drift'))
        .filter((e) => e.reason === 'DriftCorrected')
        .map((e) => e.message)
        .join('\n');
    await waitFor(
      'the StatefulSet drift event',
      async () => /StatefulSet drift \(spec\.replicas\)/.test(await driftEvents()),
      10_000,
    ).catch(() => undefined);
    const all = await on.events('drift');
    const drift = await driftEvents();
    const told = `events:\n${all.map((e) => `${e.reason}: ${e.message}`).join('\n')}\n\nrunner:\n${runner
      .logs()
      .split('\n')
      .filter((l) => l.includes('"msg":"applying"'))
      .slice(-6)
      .join('\n')}`;
    assert.match(drift, /Service drift-ui \(deleted\)/, told);
    assert.match(drift, /StatefulSet drift \(spec\.replicas\)/, told);
    assert.ok((await runner.metric('rec_drift_corrections_total')) >= before + 2, 'drift metric counted both');
  });

  it('the password is created once and survives 100 reconciles', async () => {
    await on.create('pokes', { nodes: 3 });
    const first = await waitFor('the password', () => on.password('pokes'), 30_000);
    const reconciles = await runner.metric('controller_runtime_reconcile_total');
    for (let i = 0; i < 100; i++) {
      await cluster.client.patch(
        RESOURCE.redisEnterpriseCluster,
        ns,
        'pokes',
        { metadata: { annotations: { 'test/poke': String(i) } } },
        { patchType: 'merge' },
      );
    }
    await waitFor(
      'the runner to work through the pokes',
      async () => (await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 20,
      30_000,
    );
    assert.equal(await on.password('pokes'), first);
  });

  it('turning the service broker off removes its Deployment and Service and keeps its PVC', async () => {
    await on.create('broker', { nodes: 3, serviceBrokerSpec: { enabled: true } });
    await waitFor(
      'the broker',
      async () =>
        (await on.get(RESOURCE.deployment, 'broker-service-broker')) &&
        (await on.get(RESOURCE.persistentVolumeClaim, 'broker-service-broker')),
      30_000,
    );
    await on.patchSpec('broker', { serviceBrokerSpec: { enabled: false } });
    await waitFor(
      'the broker Deployment and Service to go',
      async () =>
        !(await on.get(RESOURCE.deployment, 'broker-service-broker')) &&
        !(await on.get(RESOURCE.service, 'broker-service-broker')),
      15_000,
    );
    assert.ok(await on.get(RESOURCE.persistentVolumeClaim, 'broker-service-broker'), 'the broker PVC stays');
    // The event follows the deletes (it is sent while the status is written): wait for it.
    await waitFor(
      'a Pruned event naming the broker Deployment',
      async () =>
        (await on.events('broker')).some(
          (e) => e.reason === 'Pruned' && e.message.includes('Deployment broker-service-broker'),
        ),
      10_000,
    );
  });

  it('with a CRD lacking our rules (as the official one), an invalid spec is reported Invalid and nothing is applied', async () => {
    // A cluster of 5 nodes, applied: its StatefulSet carries the edit basis the runner checks edits against.
    await on.create('shrink', { nodes: 5 });
    await waitFor(
      'shrink applied with 5 nodes',
      async () => (await on.get(RESOURCE.statefulSet, 'shrink'))?.spec.replicas === 5,
      30_000,
    );
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
            await on.create('bad', { nodes: 4 }).then(() => undefined);
            return true;
          } catch {
            return false;
          }
        },
        20_000,
      );
      const live = await on.specStatusIs('bad', 'Invalid', 15_000);
      assert.equal(live.status.state, 'Invalid');
      const invalid = (await on.events('bad')).find((e) => e.reason === 'InvalidConfiguration');
      assert.ok(invalid, 'an InvalidConfiguration event');
      assert.match(invalid.message, /spec\.nodes: must be odd and at least 3 \(got 4\)/);
      assert.equal(await on.get(RESOURCE.statefulSet, 'bad'), undefined, 'nothing applied');
      assert.equal(await on.get(RESOURCE.secret, 'bad'), undefined, 'nothing applied');

      // An edit the API server now lets through (5 -> 3 nodes) is refused by the runner, against the
      // edit basis it keeps on the StatefulSet; the StatefulSet keeps its 5 replicas; undoing the edit heals.
      await on.patchSpec('shrink', { nodes: 3 });
      const refused = await on.specStatusIs('shrink', 'Invalid', 15_000);
      const specValid = refused.status.conditions.find((c: any) => c.type === 'SpecValid');
      assert.match(specValid.message, /spec\.nodes: must not decrease \(was 5, got 3\)/);
      assert.equal((await on.get(RESOURCE.statefulSet, 'shrink'))?.spec.replicas, 5, 'nothing applied');
      await on.patchSpec('shrink', { nodes: 5 });
      await waitFor('shrink Valid again', async () => (await on.rec('shrink'))?.status?.specStatus === 'Valid', 15_000);
    } finally {
      await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'bad');
      await ensureCrd(cluster.client);
    }
  });

  it('volume growth keeps the pods (same UIDs) and ends with larger claims', async () => {
    await on.create('grow', { nodes: 3, persistentSpec: { volumeSize: '10Gi', enablePersistentVolumeResize: true } });
    await on.stateIs('grow', 'Running', 90_000);
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
    const stsUid = (await on.get(RESOURCE.statefulSet, 'grow'))!.metadata.uid;
    await on.patchSpec('grow', { persistentSpec: { volumeSize: '20Gi', enablePersistentVolumeResize: true } });
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
        const sts = await on.get(RESOURCE.statefulSet, 'grow');
        return (
          sts &&
          sts.metadata.uid !== stsUid &&
          sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage === '20Gi'
        );
      },
      30_000,
    );
    await on.stateIs('grow', 'Running', 30_000);
    assert.deepEqual(await podUids(), pods, 'the same pods kept running');
  });

  it('deleting the REC removes its objects by garbage collection; every PVC and the credentials Secret stay', async () => {
    await on.create('doomed', { nodes: 5, serviceBrokerSpec: { enabled: true } });
    await on.stateIs('doomed', 'Running', 90_000);
    const kept = await on.password('doomed');
    const claimsOf = async () =>
      (
        await cluster.client.list(RESOURCE.persistentVolumeClaim, {
          namespace: ns,
          labelSelector: 'redis.io/cluster=doomed',
        })
      ).items.length;
    // One claim per node, and the broker's.
    const claims = await waitFor(
      'the claims of every node and of the broker',
      async () => {
        const n = await claimsOf();
        return n >= 6 && (await on.get(RESOURCE.persistentVolumeClaim, 'doomed-service-broker')) ? n : undefined;
      },
      30_000,
    );
    assert.ok(claims >= 5);
    await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'doomed');
    await waitFor(
      'the owned objects to be collected',
      () =>
        on.gone([
          [RESOURCE.statefulSet, 'doomed'],
          [RESOURCE.service, 'doomed-ui'],
          [RESOURCE.deployment, 'doomed-services-rigger'],
          [RESOURCE.role, 'doomed'],
          [RESOURCE.podDisruptionBudget, 'doomed'],
        ]),
      60_000,
    );
    assert.equal(await claimsOf(), claims, 'every claim stays');
    assert.ok(await on.get(RESOURCE.persistentVolumeClaim, 'doomed-service-broker'), 'the broker claim stays');
    assert.equal(await on.password('doomed'), kept, 'the credentials Secret stays, password unchanged');
  });
});

describe('the runner process', () => {
  it('an idle resync writes nothing', async (t) => {
    // Debug logs: the controller says `resync` there, which is what this scenario waits for.
    const { ns, runner } = await ownRunner(t, 'rec-idle', ['--log-level', 'debug']);
    const on = recsIn(cluster.client, ns);
    await on.create('idle', { nodes: 3 });
    await on.stateIs('idle', 'Running', 90_000);
    // Settled: the Running event, the last write of the last transition, is out, and a whole
    // reconcile has run since.
    await waitFor('Running told', async () => (await on.events('idle')).some((e) => e.reason === 'Running'), 15_000);
    const afterRunning = await runner.metric('controller_runtime_reconcile_total');
    await waitFor(
      'a reconcile after the Running event',
      async () => (await runner.metric('controller_runtime_reconcile_total')) > afterRunning,
      15_000,
    );
    // Every write but the Lease renewals, which leader election makes whether or not anything changes.
    const writes = async () => (await writesOf(runner)) - (await writesOf(runner, 'leases'));
    const resyncs = () =>
      runner
        .logs()
        .split('\n')
        .filter((l) => l.includes('"msg":"resync"')).length;
    const reconcilesBefore = await runner.metric('controller_runtime_reconcile_total');
    const writesBefore = await writes();
    const resyncsBefore = resyncs();
    // Two full resyncs (3 s each, jittered), and the reconcile the second one asked for.
    await waitFor('two resyncs', () => Promise.resolve(resyncs() >= resyncsBefore + 2), 20_000);
    const atSecondResync = await runner.metric('controller_runtime_reconcile_total');
    await waitFor(
      'the reconcile of the second resync',
      async () => (await runner.metric('controller_runtime_reconcile_total')) > atSecondResync,
      15_000,
    );
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

  it('the password survives a runner restart and spec edits', async (t) => {
    const { ns, runner, start } = await ownRunner(t, 'rec-restart');
    const on = recsIn(cluster.client, ns);
    await on.create('restart', { nodes: 3, extraLabels: { team: 'payments' } });
    await waitFor(
      'restart applied',
      async () => (await on.get(RESOURCE.statefulSet, 'restart'))?.metadata.labels?.team === 'payments',
      30_000,
    );
    const first = await on.password('restart');
    assert.equal(await runner.stop(), 0, 'SIGTERM exits cleanly');
    await start();
    await on.patchSpec('restart', { extraLabels: { team: 'payments', tier: 'gold' } });
    await waitFor(
      'the edit applied by the new runner',
      async () => (await on.get(RESOURCE.statefulSet, 'restart'))?.metadata.labels?.tier === 'gold',
      30_000,
    );
    assert.equal(await on.password('restart'), first);
  });

  it('two runners with --leader-elect: one reconciles; stop it and the other takes over within the lease duration', async (t) => {
    const { ns, runner, start } = await ownRunner(t, 'rec-leader');
    const on = recsIn(cluster.client, ns);
    await waitFor(
      'the first runner to lead',
      async () => (await runner.metric('leader_election_master_status')) === 1,
      20_000,
    );
    await on.create('leader', { nodes: 3 });
    await waitFor('leader applied', () => on.get(RESOURCE.statefulSet, 'leader'), 30_000);
    const second = await start();
    assert.equal(await runner.metric('leader_election_master_status'), 1);
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
    await on.patchSpec('leader', { extraLabels: { tier: 'silver' } });
    await waitFor(
      'the new leader reconciles',
      async () => (await on.get(RESOURCE.statefulSet, 'leader'))?.metadata.labels?.tier === 'silver',
      20_000,
    );
  });

  it('killing the runner mid-reconcile, or restarting kube-apiserver, ends converged', async (t) => {
    const { ns, runner, start } = await ownRunner(t, 'rec-crash');
    const on = recsIn(cluster.client, ns);
    await on.create('crash', { nodes: 3 });
    // The credentials Secret is the reconcile's first write; its objects follow.
    await waitFor('the reconcile of crash under way', () => on.get(RESOURCE.secret, 'crash'), 30_000);
    await runner.kill();
    const restarted = await start();
    await on.stateIs('crash', 'Running', 90_000);

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
        await on.patchSpec('crash', { nodes: 5 });
        return true;
      },
      60_000,
    );
    await waitFor(
      'crash edited after the restart',
      async () => (await on.get(RESOURCE.statefulSet, 'crash'))?.spec.replicas === 5,
      60_000,
    );
    await on.stateIs('crash', 'Running', 90_000);
    // The runner may have restarted itself after the apiserver restart (a lost Lease); it serves again.
    await waitFor(
      'the runner ready again',
      async () => (await fetch(`http://127.0.0.1:${restarted.health}/readyz`)).status === 200,
      30_000,
    );
  });

  it('/healthz, /readyz and /metrics answer; SIGTERM exits cleanly and releases the Lease', async (t) => {
    const { ns, runner } = await ownRunner(t, 'rec-health');
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
    await waitFor(
      'the runner to lead',
      async () => (await runner.metric('leader_election_master_status')) === 1,
      20_000,
    );
    assert.equal(await runner.stop(), 0);
    const lease = await cluster.client.get<Any>(RESOURCE.lease, ns, 'rec-cdk8s-runner');
    assert.ok(!lease?.spec.holderIdentity, `released (holder: ${lease?.spec.holderIdentity})`);
  });
});
