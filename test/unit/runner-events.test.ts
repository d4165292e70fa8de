import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeApiError, type KubeObject } from '../../lib/kube/client.js';
import { AGGREGATION_WINDOW_MS, KubeEventRecorder } from '../../lib/runner/events.js';

/** An API server's Events, enough for the recorder: create, merge patch, 404 when absent. */
function fakeEvents() {
  const store = new Map<string, KubeObject & { count?: number }>();
  const calls: string[] = [];
  const client = {
    async create(object: KubeObject) {
      calls.push(`create ${object.metadata.name} ${(object as any).count}`);
      if (store.has(object.metadata.name)) throw new KubeApiError(409, 'AlreadyExists', 'exists');
      store.set(object.metadata.name, structuredClone(object));
      return object;
    },
    async patch(_type: unknown, _ns: string, name: string, body: { count: number }) {
      calls.push(`patch ${name} ${body.count}`);
      const found = store.get(name);
      if (!found) throw new KubeApiError(404, 'NotFound', `events "${name}" not found`);
      Object.assign(found, body);
      return found;
    },
  };
  return { client, store, calls };
}

const rec = {
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name: 'rec', namespace: 'redis', uid: 'u1' },
} as KubeObject;

test('an identical event within the window patches the count; a different one is a new Event', async () => {
  const { client, store, calls } = fakeEvents();
  const recorder = new KubeEventRecorder(client as never, 'host');
  await recorder.record(rec, 'Warning', 'DriftCorrected', 'restored Service rec-ui (deleted)');
  await recorder.record(rec, 'Warning', 'DriftCorrected', 'restored Service rec-ui (deleted)');
  await recorder.record(rec, 'Warning', 'DriftCorrected', 'restored Service rec-ui (deleted)');
  await recorder.record(rec, 'Warning', 'DriftCorrected', 'restored Service rec (deleted)');
  assert.equal(store.size, 2);
  assert.deepEqual(
    [...store.values()].map((e) => e.count),
    [3, 1],
  );
  assert.deepEqual(
    calls.map((c) => c.split(' ')[0]),
    ['create', 'patch', 'patch', 'create'],
  );
});

test('an Event that expired or was deleted is created again on 404, with its count; later repeats count on it', async () => {
  const { client, store } = fakeEvents();
  const errors: unknown[] = [];
  const recorder = new KubeEventRecorder(client as never, 'host', { onError: (e) => errors.push(e) });
  await recorder.record(rec, 'Normal', 'Running', 'state Initializing -> Running');
  const [name] = [...store.keys()];
  store.delete(name!);
  await recorder.record(rec, 'Normal', 'Running', 'state Initializing -> Running');
  assert.equal(store.get(name!)?.count, 2, 'created again under the same name, count 2');
  await recorder.record(rec, 'Normal', 'Running', 'state Initializing -> Running');
  assert.equal(store.get(name!)?.count, 3);
  assert.deepEqual(errors, []);
});

test('after a quiet spell longer than the window, the same event is a new Event', async () => {
  const { client, store } = fakeEvents();
  let now = Date.parse('2026-01-01T00:00:00Z');
  const recorder = new KubeEventRecorder(client as never, 'host', { now: () => new Date(now) });
  await recorder.record(rec, 'Normal', 'Updated', 'updated StatefulSet rec');
  now += AGGREGATION_WINDOW_MS - 1000;
  await recorder.record(rec, 'Normal', 'Updated', 'updated StatefulSet rec');
  assert.equal(store.size, 1);
  now += AGGREGATION_WINDOW_MS + 1000;
  await recorder.record(rec, 'Normal', 'Updated', 'updated StatefulSet rec');
  assert.equal(store.size, 2);
  assert.deepEqual(
    [...store.values()].map((e) => [e.count, (e as any).firstTimestamp]),
    [
      [2, '2026-01-01T00:00:00.000Z'],
      [1, '2026-01-01T00:20:00.000Z'],
    ],
  );
});

test('identical events recorded at once make one Event; the memory is bounded, least recently used out', async () => {
  const { client, store } = fakeEvents();
  const recorder = new KubeEventRecorder(client as never, 'host', { maxRemembered: 3 });
  await Promise.all(Array.from({ length: 5 }, () => recorder.record(rec, 'Normal', 'Created', 'created it')));
  assert.equal(store.size, 1);
  assert.equal([...store.values()][0]!.count, 5);
  for (const n of [1, 2, 3]) await recorder.record(rec, 'Normal', 'Pruned', `pruned ${n}`);
  assert.equal(recorder.remembered, 3, 'bounded');
  // 'created it' was the least recently used: forgotten, so a repeat is a new Event.
  await recorder.record(rec, 'Normal', 'Created', 'created it');
  assert.equal(store.size, 5);
});

test('an error other than 404 is reported, not thrown: an event never fails a reconcile', async () => {
  const errors: unknown[] = [];
  const client = {
    create: async () => {
      throw new KubeApiError(403, 'Forbidden', 'no');
    },
    patch: async () => ({}),
  };
  const recorder = new KubeEventRecorder(client as never, 'host', { onError: (e) => errors.push(e) });
  await recorder.record(rec, 'Normal', 'Created', 'x');
  assert.equal((errors[0] as KubeApiError).code, 403);
});

test("similar events (same REC, type and reason, other messages): the tenth within the window and later ones go to one '(combined from similar events)' Event", async () => {
  const { client, store } = fakeEvents();
  let now = Date.parse('2026-01-01T00:00:00Z');
  const recorder = new KubeEventRecorder(client as never, 'host', { now: () => new Date(now) });
  const drift = (n: number) => recorder.record(rec, 'Warning', 'DriftCorrected', `restored Service s${n} (deleted)`);
  for (let n = 1; n <= 9; n++) {
    await drift(n);
    now += 1000;
  }
  assert.equal(store.size, 9, 'nine told one by one');
  await drift(10);
  await drift(11);
  now += AGGREGATION_WINDOW_MS - 1000;
  await drift(12);
  const combined = [...store.values()].filter((e) => String(e.message).startsWith('(combined from similar events): '));
  assert.deepEqual(
    combined.map((e) => [e.message, e.count, e.reason, e.type]),
    [['(combined from similar events): restored Service s10 (deleted)', 3, 'DriftCorrected', 'Warning']],
  );
  assert.equal(store.size, 10, 'the later ones count on the combined Event');
  // Another reason of the same REC is a group of its own.
  await recorder.record(rec, 'Normal', 'Updated', 'updated StatefulSet rec');
  assert.equal(
    [...store.values()].find((e) => e.reason === 'Updated')?.message,
    'updated StatefulSet rec',
    'not combined',
  );
  // A quiet spell longer than the window: told one by one again.
  now += AGGREGATION_WINDOW_MS + 1000;
  await drift(13);
  assert.ok(
    [...store.values()].some((e) => e.message === 'restored Service s13 (deleted)' && e.count === 1),
    'after the window, a message is its own Event again',
  );
});

test('similar events of two RECs are not combined with each other', async () => {
  const { client, store } = fakeEvents();
  const recorder = new KubeEventRecorder(client as never, 'host');
  const other = { ...rec, metadata: { ...rec.metadata, name: 'other', uid: 'u2' } } as KubeObject;
  for (let n = 1; n <= 9; n++) {
    await recorder.record(rec, 'Warning', 'DriftCorrected', `restored ${n}`);
    await recorder.record(other, 'Warning', 'DriftCorrected', `restored ${n}`);
  }
  assert.equal(store.size, 18);
  assert.ok(![...store.values()].some((e) => String(e.message).startsWith('(combined')));
});
