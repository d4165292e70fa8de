// The informer against a real API server: list then watch with a label selector, per namespace and
// cluster-wide; and recovery from a broken watch stream (resume from the last resourceVersion) and
// from 410 Gone (relist, and the relist diff reports what happened during the gap).
//
// Faults are injected at the client boundary (a wrapper that breaks the stream, or asks the real
// server for a watch from resourceVersion "1" on a fresh CRD, which it answers with 410);
// everything the informer reads comes from the real API server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeApiError, KubeClient, type KubeObject } from '../../lib/kube/client.js';
import { resourceFor, type ResourceType } from '../../lib/kube/resources.js';
import {
  Informer,
  withoutManagedFields,
  type InformerEventType,
  type ListWatchClient,
} from '../../lib/controller/index.js';
import { apiClients, testClient, uniqueName, waitFor, withNamespace, type AfterHook } from '../support/cluster.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const CONFIG_MAP = resourceFor('v1', 'ConfigMap');

function configMap(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  data: Record<string, string> = {},
): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

interface Seen {
  type: InformerEventType;
  key: string;
  rv: string | undefined;
  oldRv: string | undefined;
}

function record<T extends KubeObject>(informer: Informer<T>): Seen[] {
  const seen: Seen[] = [];
  informer.on((type, obj, old) =>
    seen.push({
      type,
      key: `${obj.metadata.namespace}/${obj.metadata.name}`,
      rv: obj.metadata.resourceVersion,
      oldRv: old?.metadata.resourceVersion,
    }),
  );
  return seen;
}

const keysOf = (objects: KubeObject[]): string[] =>
  objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();

/** Cache contents as `ns/name@rv`, to compare with the server's. */
const snapshot = (objects: KubeObject[]): string[] =>
  objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();

interface Widget extends KubeObject {
  spec?: { size?: number };
}

/** Start `informer` (resolves once its cache is filled) and stop it when the test ends, pass or fail. */
async function runUntilTestEnds<T extends KubeObject>(t: AfterHook, informer: Informer<T>): Promise<void> {
  const stop = new AbortController();
  t.after(async () => {
    stop.abort();
    await informer.stopped();
  });
  await informer.start(stop.signal);
}

/** Waits until the informer's cache holds exactly `want` (as made by `snapshot`). */
async function cacheEquals<T extends KubeObject>(informer: Informer<T>, want: string[], what: string): Promise<void> {
  await waitFor(() => snapshot(informer.list()), {
    description: `${what}: the cache to equal the server (${want.join(', ')})`,
    until: (got) => JSON.stringify(got) === JSON.stringify(want),
    timeoutMs: 30_000,
  });
}

/**
 * Wraps a real client for the informer: counts lists and watches, records watch failures, can
 * break the open watch stream (as a reset connection would), run an action after it broke and
 * before the next watch opens (so changes happen while nothing watches), and make the next watch
 * ask the real server for resourceVersion "1".
 */
class FaultInjector {
  lists = 0;
  /** The resourceVersion of each watch sent. */
  readonly watches: string[] = [];
  readonly failures: unknown[] = [];
  staleNext = false;
  private current: AbortController | undefined;
  private whileDown: (() => Promise<void>) | undefined;

  constructor(private readonly real: KubeClient) {}

  readonly client: ListWatchClient = {
    list: (type, options) => {
      this.lists++;
      return this.real.list(type, options);
    },
    watch: async (type, options, onEvent, signal) => {
      const action = this.whileDown;
      this.whileDown = undefined;
      if (action) await action();
      let resourceVersion = options.resourceVersion;
      if (this.staleNext) {
        this.staleNext = false;
        resourceVersion = '1';
      }
      this.watches.push(resourceVersion);
      const local = new AbortController();
      this.current = local;
      let failure: unknown;
      try {
        await this.real.watch(type, { ...options, resourceVersion }, onEvent, AbortSignal.any([signal, local.signal]));
      } catch (error) {
        failure = error;
      }
      // Broken by us (before or after the response arrived): surface it as a network failure.
      if (local.signal.aborted && !signal.aborted) failure = new Error('simulated: connection reset by peer');
      if (failure !== undefined) {
        this.failures.push(failure);
        // Rethrown as it came: the informer under test must see exactly what the real client threw.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw failure;
      }
    },
  };

  /** Break the open stream; `action` runs before the next watch opens. Resolves after it ran. */
  async breakWatch(action: () => Promise<void>): Promise<void> {
    let ran!: () => void;
    const done = new Promise<void>((resolve) => (ran = resolve));
    this.whileDown = async () => {
      try {
        await action();
      } finally {
        ran();
      }
    };
    this.current?.abort();
    await done;
  }
}

/** A namespaced CRD with a unique group, deleted after the test. */
async function createTestCrd(
  t: { after(fn: () => unknown): unknown },
  client: KubeClient,
): Promise<{ group: string; type: ResourceType }> {
  const group = `${uniqueName('ctl')}.test.rec-cdk8s.io`;
  const name = `widgets.${group}`;
  const crdType = resourceFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  await client.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  t.after(() => client.delete(crdType, undefined, name));
  const type: ResourceType = { apiVersion: `${group}/v1`, kind: 'Widget', plural: 'widgets', namespaced: true };
  await waitFor(
    async () => {
      const crd = await client.get<KubeObject & { status?: { conditions?: Array<{ type: string; status: string }> } }>(
        crdType,
        undefined,
        name,
      );
      return crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    },
    { description: `CRD ${name} established`, timeoutMs: 30_000 },
  );
  // Served once a list answers (the API server's handler for the new group may lag a moment).
  await waitFor(() => client.list(type).then(() => true), { description: `${name} served`, timeoutMs: 30_000 });
  return { group, type };
}

describe('Informer (real API server)', () => {
  it('lists, then sees ADDED/MODIFIED/DELETED of labelled ConfigMaps in its namespaces only', async (t) => {
    const client = testClient(t);
    const [ns1, ns2, other] = await Promise.all([
      withNamespace(t, 'ctl-inf-a'),
      withNamespace(t, 'ctl-inf-b'),
      withNamespace(t, 'ctl-inf-x'),
    ]);
    const label = { 'ctl-test': uniqueName('sel') };
    const selector = `ctl-test=${label['ctl-test']}`;

    await client.create(configMap(ns1, 'pre', label, { v: '1' }));
    await client.create(configMap(ns1, 'unlabelled', {}));
    await client.create(configMap(other, 'elsewhere', label));

    const informer = new Informer<ConfigMap>(client, {
      resource: CONFIG_MAP,
      namespaces: [ns1, ns2],
      labelSelector: selector,
    });
    const seen = record(informer);
    const stop = new AbortController();
    t.after(async () => {
      stop.abort();
      await informer.stopped();
    });
    assert.equal(informer.hasSynced(), false);
    await informer.start(stop.signal);
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(keysOf(informer.list()), [`${ns1}/pre`], 'only labelled objects of the watched namespaces');
    assert.deepEqual(
      seen.map((s) => `${s.type} ${s.key}`),
      [`ADDED ${ns1}/pre`],
    );
    assert.equal(informer.get(ns1, 'pre')?.data?.v, '1');
    assert.equal(informer.get(ns1, 'unlabelled'), undefined);
    assert.equal(informer.get(other, 'elsewhere'), undefined);

    // Changes in both namespaces, while watching.
    const created = await client.create<ConfigMap>(configMap(ns2, 'b', label, { v: '1' }));
    await waitFor(() => informer.get(ns2, 'b'), { description: 'b in the cache', timeoutMs: 20_000 });
    const updated = await client.update<ConfigMap>({ ...created, data: { v: '2' } });
    await waitFor(() => informer.get(ns2, 'b')?.data?.v === '2', {
      description: 'b modified in the cache',
      timeoutMs: 20_000,
    });
    await client.create(configMap(ns1, 'late', {}));
    // Labelling an object brings it into the selection (the server sends ADDED).
    await client.patch(CONFIG_MAP, ns1, 'late', { metadata: { labels: label } }, { patchType: 'merge' });
    await waitFor(() => informer.get(ns1, 'late'), {
      description: 'late selected by its new label',
      timeoutMs: 20_000,
    });
    // Removing the label takes it out (DELETED), as does a real delete.
    await client.patch(CONFIG_MAP, ns1, 'pre', { metadata: { labels: { 'ctl-test': null } } }, { patchType: 'merge' });
    await client.delete(CONFIG_MAP, ns2, 'b');
    // Outside the informer's namespaces: never seen.
    await client.create(configMap(other, 'still-elsewhere', label));
    await waitFor(() => keysOf(informer.list()), {
      description: 'the cache to hold only late',
      until: (keys) => keys.length === 1 && keys[0] === `${ns1}/late`,
      timeoutMs: 20_000,
    });

    const events = seen.map((s) => `${s.type} ${s.key}`);
    assert.deepEqual(events.slice(0, 4), [
      `ADDED ${ns1}/pre`,
      `ADDED ${ns2}/b`,
      `MODIFIED ${ns2}/b`,
      `ADDED ${ns1}/late`,
    ]);
    // The last two come from two namespaces' watches: their relative order is not defined.
    assert.deepEqual(events.slice(4).sort(), [`DELETED ${ns1}/pre`, `DELETED ${ns2}/b`].sort());
    const modified = seen[2];
    assert.equal(modified?.rv, updated.metadata.resourceVersion);
    assert.equal(modified?.oldRv, created.metadata.resourceVersion, 'MODIFIED carries the previous object');
    assert.deepEqual(informer.list(ns2), []);
    assert.deepEqual(keysOf(informer.list(ns1)), [`${ns1}/late`]);
  });

  it('watches cluster-wide with namespaces "all"', async (t) => {
    const client = testClient(t);
    const [ns1, ns2] = await Promise.all([withNamespace(t, 'ctl-inf-all-a'), withNamespace(t, 'ctl-inf-all-b')]);
    const label = { 'ctl-test': uniqueName('all') };
    await client.create(configMap(ns1, 'one', label));
    const informer = new Informer<ConfigMap>(client, {
      resource: CONFIG_MAP,
      namespaces: 'all',
      labelSelector: `ctl-test=${label['ctl-test']}`,
    });
    await runUntilTestEnds(t, informer);
    assert.deepEqual(keysOf(informer.list()), [`${ns1}/one`]);
    await client.create(configMap(ns2, 'two', label));
    await waitFor(() => keysOf(informer.list()), {
      description: 'both namespaces in the cache',
      until: (keys) => keys.length === 2,
      timeoutMs: 20_000,
    });
    assert.deepEqual(keysOf(informer.list(ns2)), [`${ns2}/two`]);
  });

  it('survives broken watch streams and normally ended watches without a relist, and ends with the same objects as the server', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'ctl-inf-broken');
    const label = { 'ctl-test': uniqueName('broken') };
    const selector = `ctl-test=${label['ctl-test']}`;
    const faults = new FaultInjector(client);

    await client.create(configMap(ns, 'a', label, { v: '1' }));
    await client.create(configMap(ns, 'b', label, { v: '1' }));
    const informer = new Informer<ConfigMap>(faults.client, {
      resource: CONFIG_MAP,
      namespaces: [ns],
      labelSelector: selector,
      backoff: { initialMs: 100, maxMs: 400 },
      // Short server-side watch timeouts: normally ended watches must be resumed along the way.
      watchTimeoutSeconds: 2,
    });
    const seen = record(informer);
    await runUntilTestEnds(t, informer);
    assert.deepEqual(keysOf(informer.list()), [`${ns}/a`, `${ns}/b`]);
    await waitFor(() => faults.watches.length, { description: 'the first watch to open', timeoutMs: 10_000 });
    const serverState = async (): Promise<string[]> =>
      snapshot((await client.list<ConfigMap>(CONFIG_MAP, { namespace: ns, labelSelector: selector })).items);

    // The stream breaks; while no watch is open, c is created, a modified, b deleted. The informer
    // backs off, resumes from its last resourceVersion (no relist) and sees all three.
    const aBefore = informer.get(ns, 'a') as ConfigMap;
    const watchesBefore = faults.watches.length;
    await faults.breakWatch(async () => {
      await client.create(configMap(ns, 'c', label));
      await client.update({ ...aBefore, data: { v: '2' } });
      await client.delete(CONFIG_MAP, ns, 'b');
    });
    await cacheEquals(informer, await serverState(), 'after a broken stream');
    assert.deepEqual(keysOf(informer.list()), [`${ns}/a`, `${ns}/c`]);
    assert.equal(informer.get(ns, 'a')?.data?.v, '2');
    assert.equal(faults.lists, 1, 'a broken stream is resumed from the last resourceVersion, not relisted');
    assert.ok(
      faults.failures.some((e) => /simulated/.test(String(e))),
      'the watch really failed',
    );
    assert.ok(faults.watches.length > watchesBefore);
    assert.ok(
      Number(faults.watches[watchesBefore]) >= Number(aBefore.metadata.resourceVersion),
      'the resumed watch starts from the last version seen',
    );
    const afterBreak = seen.slice(2).map((s) => `${s.type} ${s.key}`);
    assert.deepEqual([...afterBreak].sort(), [`ADDED ${ns}/c`, `DELETED ${ns}/b`, `MODIFIED ${ns}/a`].sort());

    // Twice more, quickly: the backoff grows but recovery still happens.
    await faults.breakWatch(async () => void (await client.create(configMap(ns, 'd', label))));
    await faults.breakWatch(async () => void (await client.delete(CONFIG_MAP, ns, 'c')));
    await cacheEquals(informer, await serverState(), 'after two more breaks');

    // Let a few 2 s server-side timeouts pass: each ends a watch normally and it is resumed.
    const watchesNow = faults.watches.length;
    await waitFor(() => faults.watches.length, {
      description: 'two normally ended watches',
      until: (n) => n >= watchesNow + 2,
      timeoutMs: 15_000,
    });
    await client.create(configMap(ns, 'e', label));
    await cacheEquals(informer, await serverState(), 'after normal watch ends');
    assert.deepEqual(keysOf(informer.list()), [`${ns}/a`, `${ns}/d`, `${ns}/e`]);
    assert.equal(faults.lists, 1, 'nothing here needs a relist');
    const types = seen.map((s) => s.type);
    assert.equal(types.filter((x) => x === 'ADDED').length, 5, 'a, b, c, d, e: each added once, no duplicates');
  });

  it('relists on a real 410 Gone, and reports what changed during the gap from the relist diff', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'ctl-inf-gone');
    // A fresh CRD gets a fresh watch cache in the API server, whose history starts now: a watch from
    // resourceVersion "1" is then always answered with 410 Gone ("too old resource version").
    const widgets = await createTestCrd(t, client);
    const { custom } = apiClients();
    const createWidget = (name: string, size: number): Promise<unknown> =>
      custom.createNamespacedCustomObject({
        group: widgets.group,
        version: 'v1',
        namespace: ns,
        plural: widgets.type.plural,
        body: {
          apiVersion: widgets.type.apiVersion,
          kind: widgets.type.kind,
          metadata: { name, namespace: ns },
          spec: { size },
        },
      });
    const resize = (name: string, size: number): Promise<unknown> =>
      client.patch(widgets.type, ns, name, { spec: { size } }, { patchType: 'merge' });

    await createWidget('a', 1);
    await createWidget('b', 1);
    const faults = new FaultInjector(client);
    const informer = new Informer<Widget>(faults.client, {
      resource: widgets.type,
      namespaces: [ns],
      backoff: { initialMs: 100, maxMs: 400 },
    });
    const seen = record(informer);
    await runUntilTestEnds(t, informer);
    assert.deepEqual(keysOf(informer.list()), [`${ns}/a`, `${ns}/b`]);
    await waitFor(() => faults.watches.length, { description: 'the first watch to open', timeoutMs: 10_000 });
    await createWidget('c', 1);
    await waitFor(() => informer.get(ns, 'c'), { description: 'c seen by the watch', timeoutMs: 20_000 });
    assert.equal(faults.lists, 1);

    // The next watch asks for resourceVersion 1. Before it is sent, a is resized, b deleted, d
    // created: nothing watched those changes, so only the relist diff can report them.
    const seenBefore = seen.length;
    const bBefore = informer.get(ns, 'b');
    faults.staleNext = true;
    await faults.breakWatch(async () => {
      await resize('a', 2);
      await client.delete(widgets.type, ns, 'b');
      await createWidget('d', 1);
    });
    const want = snapshot((await client.list<Widget>(widgets.type, { namespace: ns })).items);
    await cacheEquals(informer, want, 'after 410 Gone');
    assert.ok(faults.watches.includes('1'), 'the stale watch was sent');
    assert.ok(
      faults.failures.some((e) => e instanceof KubeApiError && e.code === 410),
      `the server answered 410 Gone (failures seen: ${faults.failures.map(String).join('; ')})`,
    );
    assert.equal(faults.lists, 2, 'a 410 makes the informer relist');
    assert.deepEqual(keysOf(informer.list()), [`${ns}/a`, `${ns}/c`, `${ns}/d`]);
    assert.equal(informer.get(ns, 'a')?.spec?.size, 2);
    const gap = seen.slice(seenBefore);
    assert.deepEqual(
      gap.map((s) => `${s.type} ${s.key}`).sort(),
      [`ADDED ${ns}/d`, `DELETED ${ns}/b`, `MODIFIED ${ns}/a`].sort(),
      'c did not change: no event for it',
    );
    assert.equal(
      gap.find((s) => s.type === 'DELETED')?.rv,
      bBefore?.metadata.resourceVersion,
      'DELETED carries the last known object',
    );

    // And it keeps watching from the relist's version.
    await resize('c', 5);
    await waitFor(() => informer.get(ns, 'c')?.spec?.size, {
      description: 'c resized after recovery',
      until: (size) => size === 5,
      timeoutMs: 20_000,
    });
    assert.equal(faults.lists, 2);
  });

  it('rejects start() when stopped before its first list succeeds', async (t) => {
    const client = testClient(t);
    // A namespace that does not exist lists fine (empty); a forbidden/absent resource does not.
    // Use a resource the server does not serve so every list fails and the informer backs off.
    const missing = { apiVersion: 'example.invalid/v1', kind: 'Nothing', plural: 'nothings', namespaced: true };
    const informer = new Informer<ConfigMap>(client, {
      resource: missing,
      namespaces: ['default'],
      backoff: { initialMs: 50, maxMs: 100 },
    });
    const stop = new AbortController();
    const started = informer.start(stop.signal);
    setTimeout(() => stop.abort(), 500);
    await assert.rejects(started, /stopped before its cache synced/);
    assert.equal(informer.hasSynced(), false);
  });

  it('caches what the transform returns: listed and watched objects without managedFields', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'ctl-inf-transform');
    const label = { 'ctl-test': uniqueName('tf') };
    const listed = await client.create<ConfigMap>(configMap(ns, 'listed', label, { v: '1' }));
    assert.ok(listed.metadata.managedFields?.length, 'the server returns managedFields (what there is to drop)');

    const informer = new Informer<ConfigMap>(client, {
      resource: CONFIG_MAP,
      namespaces: [ns],
      labelSelector: `ctl-test=${label['ctl-test']}`,
      transform: withoutManagedFields,
    });
    const handled: ConfigMap[] = [];
    informer.on((_type, obj) => handled.push(obj));
    await runUntilTestEnds(t, informer);
    await client.create(configMap(ns, 'watched', label, { v: '2' }));
    await waitFor(() => informer.get(ns, 'watched'), { description: 'watched in the cache', timeoutMs: 20_000 });

    for (const name of ['listed', 'watched']) {
      const cached = informer.get(ns, name);
      assert.equal(cached?.metadata.managedFields, undefined, `${name}: no managedFields in the cache`);
      assert.ok(cached?.metadata.resourceVersion && cached.metadata.uid, `${name}: the rest of metadata is kept`);
    }
    assert.equal(informer.get(ns, 'watched')?.data?.v, '2');
    assert.deepEqual(
      handled.map((o) => [o.metadata.name, o.metadata.managedFields]),
      [
        ['listed', undefined],
        ['watched', undefined],
      ],
      'handlers see the cached form',
    );
  });
});
