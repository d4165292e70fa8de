// WorkQueue semantics, on a fake clock: dedup, one worker per key (dirty re-queue), delayed adds,
// per-key exponential backoff and forget, shutdown and drain, metric hooks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Clock, ExponentialBackoffRateLimiter, WorkQueue } from '../../lib/controller/index.js';

/** Timers that fire only when the test advances time. */
class FakeClock implements Clock {
  private time = 0;
  private timers: Array<{ due: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ due: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Move time forward, firing due timers in due order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next || next.due > until) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      next.fn();
    }
    this.time = until;
  }
}

/** Settles pending promise callbacks (a few turns of the microtask queue and one macrotask). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` has settled yet, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await tick();
  return done;
}

describe('WorkQueue', () => {
  it('collapses duplicates of a waiting key and keeps first-in first-out order', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    q.add('c');
    q.add('b');
    assert.equal(q.length, 3);
    assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
    assert.equal(q.length, 0);
  });

  it('never hands a key being processed to a second worker; a re-add marks it dirty and done() re-queues it once', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    const first = await q.get();
    assert.equal(first, 'a');

    q.add('a');
    q.add('a');
    assert.equal(q.length, 0, 'a key being processed is not queued again while its worker holds it');
    const second = q.get();
    assert.equal(await settled(second), false, 'a second worker must not get the key being processed');

    q.add('b');
    assert.equal(await second, 'b', 'other keys still flow while a is processed');
    q.done('b');

    const third = q.get();
    assert.equal(await settled(third), false);
    q.done('a');
    assert.equal(await third, 'a', 'done() re-queues a key that was added while processed');
    assert.equal(q.length, 0, 'the two re-adds while processing collapse into one');
    q.done('a');
    assert.equal(q.length, 0, 'done() of a clean key does not re-queue it');
  });

  it('wakes every waiting worker for a burst of keys', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const gets = [q.get(), q.get(), q.get()];
    q.add('x');
    q.add('y');
    q.add('z');
    assert.deepEqual((await Promise.all(gets)).sort(), ['x', 'y', 'z']);
  });

  it('adds a delayed key only when its delay has passed; the earliest of two delays wins', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    assert.equal(clock.pending, 1, 'one pending timer per key');
    clock.advance(49);
    assert.equal(q.length, 0);
    clock.advance(1);
    assert.equal(q.length, 1);
    assert.equal(await q.get(), 'a');
    q.addAfter('b', 0);
    assert.equal(q.length, 1, 'a zero delay adds at once');
  });

  it('backs off a failing key exponentially from 5 ms to the cap, per key, and forget() starts over', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, baseDelayMs: 5, maxDelayMs: 1000 });
    const delays = Array.from({ length: 10 }, () => q.addRateLimited('a'));
    assert.deepEqual(delays, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    assert.equal(q.numRequeues('a'), 10);
    assert.equal(q.addRateLimited('b'), 5, 'the backoff is per key');
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
    assert.equal(q.addRateLimited('a'), 5, 'after forget the backoff starts over');
  });

  it('re-adds a rate-limited key after its delay, in order of due time', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, baseDelayMs: 5 });
    assert.equal(q.addRateLimited('a'), 5);
    clock.advance(4);
    assert.equal(q.length, 0, 'not before its delay');
    clock.advance(1);
    assert.equal(await q.get(), 'a');
    q.done('a');

    assert.equal(q.addRateLimited('a'), 10, 'second failure of a');
    assert.equal(q.addRateLimited('b'), 5, 'first failure of b');
    clock.advance(5);
    assert.equal(q.length, 1);
    assert.equal(await q.get(), 'b', 'b (5 ms) comes before a (10 ms)');
    clock.advance(5);
    assert.equal(await q.get(), 'a');
  });

  it('keeps the earliest due time when a key is rate-limited again while waiting', () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, baseDelayMs: 5 });
    q.addRateLimited('a'); // due at 5
    q.addRateLimited('a'); // due at 10: the pending 5 wins
    assert.equal(clock.pending, 1);
    clock.advance(5);
    assert.equal(q.length, 1);
  });

  it('does not overflow for a key that failed very often', () => {
    const limiter = new ExponentialBackoffRateLimiter<string>(5, 60_000);
    let last = 0;
    for (let i = 0; i < 2000; i++) last = limiter.when('k');
    assert.equal(last, 60_000);
  });

  it('shutDown refuses new keys, drops delayed ones, hands out what is queued, then returns undefined', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.add('a');
    q.addAfter('later', 10);
    q.shutDown();
    assert.equal(clock.pending, 0, 'delayed adds are cancelled');
    q.add('b');
    assert.equal(q.length, 1, 'no adds after shutdown');
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), undefined);
  });

  it('shutDown wakes workers blocked in get()', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const waiting = [q.get(), q.get()];
    q.shutDown();
    assert.deepEqual(await Promise.all(waiting), [undefined, undefined]);
  });

  it('shutDownWithDrain waits until every key handed out is done', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    const a = await q.get();
    const b = await q.get();
    assert.ok(a && b);
    const drained = q.shutDownWithDrain();
    assert.equal(await settled(drained), false);
    q.done(a);
    assert.equal(await settled(drained), false, 'b is still being processed');
    q.done(b);
    assert.equal(await settled(drained), true);
    assert.equal(await q.get(), undefined);
  });

  it('shutDownWithDrain resolves at once when nothing is in flight', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    await q.shutDownWithDrain();
    assert.equal(q.isShuttingDown, true);
  });

  it('reports depth, adds, retries, queue latency and work duration to its metric hooks', async () => {
    const clock = new FakeClock();
    const seen = { depth: [] as number[], adds: 0, retries: 0, latency: [] as number[], work: [] as number[] };
    const q = new WorkQueue<string>({
      clock,
      metrics: {
        depth: (n) => seen.depth.push(n),
        add: () => seen.adds++,
        retry: () => seen.retries++,
        queueLatency: (s) => seen.latency.push(s),
        workDuration: (s) => seen.work.push(s),
      },
    });
    q.add('a');
    q.add('a'); // collapsed: not an add
    q.add('b');
    clock.advance(250);
    const a = await q.get();
    clock.advance(1500);
    q.done(a!);
    q.addRateLimited('c');
    assert.equal(seen.adds, 2);
    assert.equal(seen.retries, 1);
    assert.deepEqual(seen.depth, [1, 2, 1]);
    assert.deepEqual(seen.latency, [0.25]);
    assert.deepEqual(seen.work, [1.5]);
  });
});
