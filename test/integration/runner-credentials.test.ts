/**
 * The admin password on a real control plane, tried the way a careless user and a busy cluster
 * would: renames, deletes and re-creates, Secrets made by hand, two runners at once. In every
 * scenario the password the cluster was created with never changes and never disappears.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import {
  makeRunnerNamespace,
  setUpRunnerNamespace,
  startRunnerIn,
  tearDownRunnerNamespace,
  type RunnerNamespace,
} from './helpers/runner-namespace.js';
import { deleteNamespace, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig, startRunner, type RunnerProcess } from './helpers/runner-process.js';
import { recManifest, recsIn } from './helpers/recs-in-namespace.js';

type Any = KubeObject & { spec?: any; status?: any; data?: Record<string, string> };

let cluster: Cluster;
let ns: string;
let setting: RunnerNamespace;
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
const b64 = (text: string) => Buffer.from(text).toString('base64');

before(async () => {
  setting = await setUpRunnerNamespace('rec-cred');
  ({ cluster, ns } = setting);
  runner = await startRunnerIn(cluster, ns, ['--resync-period', '5']);
});

after(async () => {
  await tearDownRunnerNamespace(setting, [runner]);
});

const get = (type: Parameters<typeof cluster.client.get>[0], name: string, namespace = ns) =>
  cluster.client.get<Any>(type, namespace, name);
const patchSpec = (name: string, spec: Record<string, unknown>) => recsIn(cluster.client, ns).patchSpec(name, spec);
const events = (name: string) => recsIn(cluster.client, ns).events(name);
const running = (name: string, namespace = ns) => recsIn(cluster.client, namespace).stateIs(name, 'Running', 90_000);
const passwordOf = (name: string, namespace = ns) => recsIn(cluster.client, namespace).password(name);

/** A Secret made by hand, as a user (or a tool syncing from a vault) would. */
const createUserSecret = (name: string, data: Record<string, string>) =>
  cluster.client.create(
    { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data },
    { fieldManager: 'user' },
  );
const managers = (object: Any | undefined) =>
  ((object?.metadata as any)?.managedFields ?? []).map((m: any) => m.manager as string);

test('renaming clusterCredentialSecretName to an existing Secret: it is used, the old Secret and its password stay', async () => {
  await cluster.client.apply(recManifest(ns, 'rename'), { fieldManager: FM });
  await running('rename');
  const original = await passwordOf('rename');
  // The user copies the credentials into a Secret of their own, as the official operator documents.
  const user = await get(RESOURCE.secret, 'rename');
  await createUserSecret('rename-vault-synced', { username: user!.data!.username!, password: original });
  const theirs = await get(RESOURCE.secret, 'rename-vault-synced');

  await patchSpec('rename', { clusterCredentialSecretName: 'rename-vault-synced' });
  await waitFor(
    'the status to name it',
    async () =>
      (await get(RESOURCE.redisEnterpriseCluster, 'rename'))?.status?.clusterCredentialSecretName ===
      'rename-vault-synced',
    20_000,
  );
  await running('rename');

  assert.equal(await passwordOf('rename'), original, 'the old Secret is kept, password unchanged');
  const after = await get(RESOURCE.secret, 'rename-vault-synced');
  assert.equal(
    after?.metadata.resourceVersion,
    theirs?.metadata.resourceVersion,
    "the user's Secret was never written",
  );
  assert.deepEqual(managers(after), ['user'], 'and is managed by nobody else');
  assert.ok(
    !(await events('rename')).some((e) => e.reason === 'Pruned' && e.message.includes('Secret')),
    'no Secret was pruned',
  );
});

test('renaming to a missing Secret on a running cluster: refused with what to do, nothing applied, no password made', async () => {
  const original = await passwordOf('rename');
  const stsBefore = await get(RESOURCE.statefulSet, 'rename');
  await patchSpec('rename', { clusterCredentialSecretName: 'rename-typo' });
  const live = await recsIn(cluster.client, ns).reconciledBecause('rename', 'CredentialsMissing', 20_000);
  assert.equal(live.status.state, 'Error');
  assert.equal(live.status.clusterCredentialSecretName, 'rename-vault-synced', 'the Secret in use is still named');
  const message = live.status.conditions.find((c: any) => c.type === 'Reconciled').message as string;
  assert.match(message, /Secret rename-typo does not exist/);
  assert.match(
    message,
    /create Secret rename-typo with the keys username and password of Secret rename-vault-synced, or set clusterCredentialSecretName back to rename-vault-synced/,
  );
  assert.ok(
    !message.includes(original) && !message.includes(Buffer.from(original, 'base64').toString()),
    'no value in the message',
  );
  await waitFor(
    'a CredentialsMissing event',
    async () => (await events('rename')).some((e) => e.reason === 'CredentialsMissing'),
    10_000,
  );

  assert.equal(await get(RESOURCE.secret, 'rename-typo'), undefined, 'no Secret was made up');
  const stsAfter = await get(RESOURCE.statefulSet, 'rename');
  assert.equal(stsAfter?.metadata.generation, stsBefore?.metadata.generation, 'the StatefulSet was not touched');

  // Creating the Secret is the way out.
  const user = await get(RESOURCE.secret, 'rename-vault-synced');
  await createUserSecret('rename-typo', user!.data!);
  await waitFor(
    'the status to name it',
    async () => {
      const r = await get(RESOURCE.redisEnterpriseCluster, 'rename');
      return r?.status?.clusterCredentialSecretName === 'rename-typo' && r.status.state === 'Running';
    },
    30_000,
  );
  assert.equal((await get(RESOURCE.secret, 'rename-typo'))?.data?.password, original);
});

test('deleting the REC keeps the Secret (even one an older runner made the REC own); re-created over its kept volumes, it finds the same password', async () => {
  await cluster.client.apply(recManifest(ns, 'again'), { fieldManager: FM });
  const first = await running('again');
  const original = await passwordOf('again');
  const secretUid = (await get(RESOURCE.secret, 'again'))!.metadata.uid;
  // What older versions did: the REC owned the Secret, so garbage collection would delete it.
  await cluster.client.patch(
    RESOURCE.secret,
    ns,
    'again',
    {
      metadata: {
        ownerReferences: [
          {
            apiVersion: 'app.redislabs.com/v1',
            kind: 'RedisEnterpriseCluster',
            name: 'again',
            uid: first.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
    },
    { patchType: 'merge', fieldManager: 'rec-cdk8s' },
  );
  // As an upgrade from such a version: the new runner starts with the Secret owned. (A running
  // runner does not watch Secrets, so it would see the change only at the REC's next spec edit.)
  await runner.kill();
  runner = await startRunnerIn(cluster, ns, ['--resync-period', '5']);
  await waitFor(
    'the runner to let the Secret go',
    async () => ((await get(RESOURCE.secret, 'again'))?.metadata.ownerReferences ?? []).length === 0,
    30_000,
  );
  const claims = (
    await cluster.client.list<Any>(RESOURCE.persistentVolumeClaim, {
      namespace: ns,
      labelSelector: 'redis.io/cluster=again',
    })
  ).items;
  assert.ok(claims.length >= 3, `the nodes have volumes (${claims.length})`);

  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'again');
  await waitFor(
    'garbage collection of the StatefulSet',
    async () => !(await get(RESOURCE.statefulSet, 'again')) && !(await get(RESOURCE.redisEnterpriseCluster, 'again')),
    60_000,
  );
  const kept = await get(RESOURCE.secret, 'again');
  assert.equal(kept?.metadata.uid, secretUid, 'the Secret outlived the REC');
  assert.equal(kept?.data?.password, original);

  await cluster.client.apply(recManifest(ns, 'again'), { fieldManager: FM });
  await running('again');
  const after = await get(RESOURCE.secret, 'again');
  assert.equal(after?.metadata.uid, secretUid, 'the same Secret');
  assert.equal(after?.data?.password, original, 'the same password');
});

test('a REC re-created over kept volumes whose Secret was deleted gets no new password: it says what to restore', async () => {
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'again');
  await waitFor(
    'the REC and StatefulSet gone',
    async () => !(await get(RESOURCE.statefulSet, 'again')) && !(await get(RESOURCE.redisEnterpriseCluster, 'again')),
    60_000,
  );
  await cluster.client.delete(RESOURCE.secret, ns, 'again');
  await waitFor('the Secret gone', async () => !(await get(RESOURCE.secret, 'again')), 10_000);

  await cluster.client.apply(recManifest(ns, 'again'), { fieldManager: FM });
  const live = await recsIn(cluster.client, ns).reconciledBecause('again', 'CredentialsMissing', 20_000);
  assert.match(
    live.status.conditions.find((c: any) => c.type === 'Ready').message,
    /Secret again does not exist, and the cluster already has a password \(\d+ volume claims of the cluster exist/,
  );
  assert.equal(await get(RESOURCE.secret, 'again'), undefined, 'no new password was made');
  assert.equal(await get(RESOURCE.statefulSet, 'again'), undefined, 'nothing was applied');
  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, ns, 'again');
});

test('a Secret the user made before the REC is used as it is: never written, never owned', async () => {
  await createUserSecret('mine', { username: b64('ops@example.com'), password: b64('chosen-by-the-user') });
  const made = await get(RESOURCE.secret, 'mine');
  await cluster.client.apply(recManifest(ns, 'mine', { username: 'someone-else@example.com', license: 'LICENSE' }), {
    fieldManager: FM,
  });
  const live = await running('mine');
  assert.equal(live.status.clusterCredentialSecretName, 'mine');
  const after = await get(RESOURCE.secret, 'mine');
  assert.equal(after?.metadata.resourceVersion, made?.metadata.resourceVersion, 'not written');
  assert.equal(after?.metadata.ownerReferences, undefined, 'not owned');
  assert.deepEqual(managers(after), ['user']);
  assert.equal(Buffer.from(after!.data!.username!, 'base64').toString(), 'ops@example.com', 'its username kept');
  const license = await waitFor(
    'the inline license in a Secret of its own',
    () => get(RESOURCE.secret, 'mine-license'),
    10_000,
  );
  assert.equal(Buffer.from(license.data!.license!, 'base64').toString(), 'LICENSE');

  // One without a password is reported, not completed.
  await createUserSecret('half', { username: b64('ops@example.com') });
  await cluster.client.apply(recManifest(ns, 'half'), { fieldManager: FM });
  const half = await recsIn(cluster.client, ns).reconciledBecause('half', 'CredentialsIncomplete', 20_000);
  assert.match(
    half.status.conditions.find((c: any) => c.type === 'Reconciled').message,
    /Secret half has no password: add that key to it; the runner never writes a Secret it did not create/,
  );
  assert.equal((await get(RESOURCE.secret, 'half'))?.data?.password, undefined, 'not completed by the runner');
  assert.equal(await get(RESOURCE.statefulSet, 'half'), undefined, 'nothing applied');
});

test('two runners racing for the first passwords of new RECs: each Secret only ever holds one password', async () => {
  const { ns: raceNs } = await makeRunnerNamespace(cluster, 'rec-race');
  const kubeconfig = await runnerKubeconfig(cluster.kubeConfig, raceNs);
  // No leader election: both write, as two leaders would during a lease hand-over.
  const runners = await Promise.all(
    [1, 2].map(() => startRunner(kubeconfig, ['--namespace', raceNs, '--resync-period', '2', '--workers', '8'])),
  );
  const seen = new Map<string, Set<string>>();
  const abort = new AbortController();
  try {
    const { resourceVersion } = await cluster.client.list(RESOURCE.secret, { namespace: raceNs });
    const watching = cluster.client
      .watch<Any>(
        RESOURCE.secret,
        { namespace: raceNs, resourceVersion },
        (event) => {
          const password = event.object.data?.password;
          if (!password) return;
          const values = seen.get(event.object.metadata.name) ?? new Set<string>();
          values.add(password);
          seen.set(event.object.metadata.name, values);
        },
        abort.signal,
      )
      .catch(() => undefined);
    const names = Array.from({ length: 8 }, (_, i) => `race-${i}`);
    await Promise.all(names.map((name) => cluster.client.apply(recManifest(raceNs, name), { fieldManager: FM })));
    for (const name of names) await running(name, raceNs);
    // Both runners have reconciled every REC several times by now (resync every 2 s).
    await waitFor(
      'several resyncs by both runners',
      async () =>
        (await Promise.all(runners.map((r) => r.metric('controller_runtime_reconcile_total')))).every(
          (n) => n >= names.length * 3,
        ),
      60_000,
    );
    for (const name of names) {
      const values = seen.get(name);
      assert.equal(values?.size, 1, `Secret ${name} held ${values?.size ?? 0} passwords`);
      assert.equal(await passwordOf(name, raceNs), [...values][0]);
    }
    abort.abort();
    await watching;
  } finally {
    abort.abort();
    await Promise.all(runners.map((r) => r.kill()));
    await deleteNamespace(cluster.client, raceNs);
  }
});
