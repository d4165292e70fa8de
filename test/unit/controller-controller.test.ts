// Controller: the reconcile outcome drives the queue (error -> backoff retry -> success, requeue
// after), one worker per key while several keys run in parallel, resync, stop waits for in-flight
// reconciles, and the controller-runtime metrics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Controller,
  createRegistry,
  requestFor,
  requestFromKey,
  requestKey,
  type Registry,
} from '../../lib/controller/index.js';

/** Polls `check` until true, failing after `timeoutMs` (a liveness bound, not a timing claim). */
async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A promise with its resolve function outside. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return found?.value;
}

describe('Controller', () => {
  it('retries a failing key with growing backoff until it succeeds, then forgets it', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const calls: string[] = [];
    let failuresLeft = 3;
    const controller = new Controller({
      name: 'retry-test',
      registry,
      baseDelayMs: 1,
      reconcile: async (request) => {
        const key = requestKey(request);
        calls.push(key);
        if (failuresLeft-- > 0) throw new Error(`transient failure ${3 - failuresLeft}`);
      },
    });
    const delays: number[] = [];
    const addRateLimited = controller.queue.addRateLimited.bind(controller.queue);
    controller.queue.addRateLimited = (key) => {
      const delay = addRateLimited(key);
      delays.push(delay);
      return delay;
    };
    controller.start();
    controller.enqueue(requestFromKey('ns/a'));
    await eventually(() => calls.length === 4, 'three failures and one success');
    await controller.stop();

    assert.deepEqual(calls, ['ns/a', 'ns/a', 'ns/a', 'ns/a']);
    assert.deepEqual(delays, [1, 2, 4], 'the backoff doubles per consecutive failure');
    assert.equal(controller.queue.numRequeues('ns/a'), 0, 'success forgets the failures');
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_total', { controller: 'retry-test', result: 'error' }),
      3,
    );
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_total', {
        controller: 'retry-test',
        result: 'success',
      }),
      1,
    );
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_errors_total', { controller: 'retry-test' }),
      3,
    );
    assert.equal(await metricValue(registry, 'workqueue_retries_total', { name: 'retry-test' }), 3);
    assert.equal(
      await metricValue(registry, 'controller_runtime_max_concurrent_reconciles', { controller: 'retry-test' }),
      2,
    );
    assert.equal(await metricValue(registry, 'controller_runtime_active_workers', { controller: 'retry-test' }), 0);
    const text = await registry.metrics();
    assert.match(text, /controller_runtime_reconcile_time_seconds_count\{controller="retry-test"\} 4/);
  });

  it('requeues after requeueAfterMs as a success, and with requeue: true through the rate limiter', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const calls: string[] = [];
    const controller = new Controller({
      name: 'requeue-test',
      registry,
      baseDelayMs: 1,
      reconcile: async (request) => {
        const key = requestKey(request);
        calls.push(key);
        const n = calls.filter((k) => k === key).length;
        if (key === 'after' && n === 1) return { requeueAfterMs: 10 };
        if (key === 'again' && n === 1) return { requeue: true };
        return undefined;
      },
    });
    controller.start();
    controller.enqueue(requestFromKey('after'));
    controller.enqueue(requestFromKey('again'));
    await eventually(() => calls.length === 4, 'both keys reconciled twice');
    await controller.stop();
    assert.deepEqual([...calls].sort(), ['after', 'after', 'again', 'again']);
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_total', {
        controller: 'requeue-test',
        result: 'requeue_after',
      }),
      1,
    );
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_total', {
        controller: 'requeue-test',
        result: 'requeue',
      }),
      1,
    );
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_total', {
        controller: 'requeue-test',
        result: 'success',
      }),
      2,
    );
    assert.equal(
      await metricValue(registry, 'controller_runtime_reconcile_errors_total', { controller: 'requeue-test' }),
      0,
    );
  });

  it('runs different keys in parallel but never one key twice at once; a change mid-reconcile gets a fresh reconcile', async () => {
    const running = new Map<string, number>();
    let maxParallel = 0;
    let overlapOnOneKey = false;
    const gates = new Map<string, ReturnType<typeof gate>>();
    const calls: string[] = [];
    const controller = new Controller({
      name: 'parallel-test',
      workers: 3,
      reconcile: async (request) => {
        const key = requestKey(request);
        calls.push(key);
        const now = (running.get(key) ?? 0) + 1;
        if (now > 1) overlapOnOneKey = true;
        running.set(key, now);
        maxParallel = Math.max(
          maxParallel,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        const g = gate();
        gates.set(key, g);
        await g.promise;
        running.set(key, (running.get(key) ?? 1) - 1);
      },
    });
    controller.start();
    controller.enqueue(requestFromKey('a'));
    controller.enqueue(requestFromKey('b'));
    await eventually(() => gates.has('a') && gates.has('b'), 'a and b in flight');
    assert.equal(maxParallel, 2, 'two keys reconcile at the same time');

    // a changes while it is reconciled: it must not start a second reconcile of a now...
    controller.enqueue(requestFromKey('a'));
    controller.enqueue(requestFromKey('a'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(calls.filter((k) => k === 'a').length, 1);
    // ...but exactly once more after the running one ends.
    const firstA = gates.get('a')!;
    gates.delete('a');
    firstA.open();
    await eventually(() => gates.has('a'), 'a reconciled again after its change');
    gates.get('a')!.open();
    gates.get('b')!.open();
    await controller.stop();
    assert.equal(overlapOnOneKey, false);
    assert.deepEqual(calls, ['a', 'b', 'a']);
  });

  it('stop() lets the reconcile in flight finish, and takes no more keys', async () => {
    const g = gate();
    const calls: string[] = [];
    let finished = false;
    const controller = new Controller({
      name: 'stop-test',
      workers: 1,
      reconcile: async (request) => {
        const key = requestKey(request);
        calls.push(key);
        await g.promise;
        finished = true;
      },
    });
    controller.start();
    controller.enqueue(requestFromKey('a'));
    await eventually(() => calls.length === 1, 'a in flight');
    controller.enqueue(requestFromKey('b'));
    let stopped = false;
    const stopping = controller.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(stopped, false, 'stop() waits for the reconcile in flight');
    g.open();
    await stopping;
    assert.equal(finished, true);
    controller.enqueue(requestFromKey('c'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(calls, ['a'], 'b (queued) and c (after stop) are not reconciled');
  });

  it('resyncs every key the resync function returns, periodically', async () => {
    const calls: string[] = [];
    const controller = new Controller({
      name: 'resync-test',
      resyncMs: 20,
      resyncRequests: () => ['x', 'y'].map(requestFromKey),
      reconcile: async (request) => {
        const key = requestKey(request);
        calls.push(key);
      },
    });
    controller.start();
    await eventually(
      () => calls.filter((k) => k === 'x').length >= 3 && calls.filter((k) => k === 'y').length >= 3,
      'three resyncs',
    );
    await controller.stop();
  });

  it('rejects bad options', () => {
    const reconcile = async (): Promise<void> => {};
    assert.throws(() => new Controller({ name: 'x', reconcile, workers: 0 }), /workers must be a positive integer/);
    assert.throws(() => new Controller({ name: 'x', reconcile, resyncMs: 10 }), /resyncMs needs resyncRequests/);
  });

  it('shares one registry between controllers', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const reconcile = async (): Promise<void> => {};
    new Controller({ name: 'one', reconcile, registry });
    new Controller({ name: 'two', reconcile, registry, workers: 5 });
    assert.equal(await metricValue(registry, 'controller_runtime_max_concurrent_reconciles', { controller: 'two' }), 5);
  });
});

describe('requests', () => {
  it('requestFor, requestKey and requestFromKey round-trip namespaced and cluster-scoped objects', () => {
    assert.deepEqual(requestFor({ metadata: { namespace: 'ns', name: 'a' } }), { namespace: 'ns', name: 'a' });
    assert.deepEqual(requestFor({ metadata: { name: 'node-1' } }), { namespace: '', name: 'node-1' });
    assert.equal(requestKey({ namespace: 'ns', name: 'a' }), 'ns/a');
    assert.equal(requestKey({ namespace: '', name: 'node-1' }), 'node-1');
    assert.deepEqual(requestFromKey('ns/a'), { namespace: 'ns', name: 'a' });
    assert.deepEqual(requestFromKey('node-1'), { namespace: '', name: 'node-1' });
  });
});
