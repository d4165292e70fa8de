/**
 * A work queue with client-go's semantics (workqueue.Type + DelayingQueue + RateLimitingQueue in
 * one class), because those semantics are what make a level-triggered controller correct:
 *
 * - A key waiting in the queue is not queued twice: ten events for one object before a worker gets
 *   to it cost one reconcile, and the reconcile reads the latest state anyway.
 * - A key being processed is never handed to a second worker. If it is added meanwhile it is only
 *   marked dirty, and `done(key)` puts it back, so the change that arrived mid-reconcile is seen by
 *   a fresh reconcile instead of racing the running one.
 * - Failures back off per key (5 ms doubling up to a cap, like ItemExponentialFailureRateLimiter),
 *   so one broken object retries slowly while the others keep flowing; and all retries together
 *   are held to 10 a second after a burst of 100 (client-go's DefaultControllerRateLimiter: the
 *   larger of the two delays wins). The 5 ms floor alone would let a thousand keys failing at once
 *   (an API server that answers 500 to everything) retry a thousand times within a second; with
 *   the overall bucket the first hundred retry at once and the rest at 10/s, whatever the count.
 */

/** Where the queue reads time and sets timers; tests inject a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Hooks the queue calls for its metrics (see `workQueueMetrics` in metrics.ts for the Prometheus
 * ones with controller-runtime's names). Every hook is optional.
 */
export interface WorkQueueMetrics {
  /** Keys waiting (not counting keys being processed or waiting for a delay). */
  depth?(depth: number): void;
  /** A key was added (and not collapsed into one already waiting). */
  add?(): void;
  /** Seconds a key waited between being added and a worker getting it. */
  queueLatency?(seconds: number): void;
  /** Seconds between a worker getting a key and calling `done`. */
  workDuration?(seconds: number): void;
  /** A key was re-added through the rate limiter. */
  retry?(): void;
}

export interface WorkQueueOptions {
  /** First retry delay of a failing key. @default 5 */
  baseDelayMs?: number;
  /** Upper bound of the per-key retry delay. @default 60000 */
  maxDelayMs?: number;
  /** Retries of all keys together, per second, after `overallBurst`. @default 10 */
  overallQps?: number;
  /** @default 100 */
  overallBurst?: number;
  metrics?: WorkQueueMetrics;
  /** @default the real clock */
  clock?: Clock;
}

/**
 * Per-key exponential backoff: the n-th consecutive failure of a key waits base * 2^n, capped.
 * `forget` (after a success) starts the key over at base.
 */
export class ExponentialBackoffRateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 60_000,
  ) {
    if (!(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs)) {
      throw new Error(`rate limiter: need 0 < baseDelayMs (${baseDelayMs}) <= maxDelayMs (${maxDelayMs})`);
    }
  }

  /** The delay for this failure of `key`, counting it. */
  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    // Past ~2^50 the product stops being exact and 2^1024 is Infinity; the cap is hit long before.
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(n, 50));
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: K): void {
    this.failures.delete(key);
  }
}

/**
 * All retries together: a token bucket (client-go's BucketRateLimiter) that answers how long the
 * next retry must wait for its token. Tokens are reserved, so a thousand retries asked at once are
 * spread over a hundred seconds at 10/s, not all told "now".
 */
export class OverallRateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps = 10,
    readonly burst = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(qps > 0) || !(burst >= 1))
      throw new Error(`overall rate limiter: need qps > 0 and burst >= 1 (got ${qps}, ${burst})`);
    this.tokens = burst;
    this.last = now();
  }

  /** The delay of the next retry, in ms, taking its token. */
  when(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }
}

export class WorkQueue<K extends string> {
  /** Keys waiting for a worker, in order. Every key here is also in `dirty`. */
  private readonly queue: K[] = [];
  /** Keys that need processing: waiting in `queue`, or added again while being processed. */
  private readonly dirty = new Set<K>();
  /** Keys a worker holds (between `get` and `done`). */
  private readonly processing = new Set<K>();
  /** Keys waiting for a delay to pass before they are added, with when they are due. */
  private readonly delayed = new Map<K, { due: number; timer: unknown }>();
  /** When each dirty key was first added (queue latency), and when each held key was handed out. */
  private readonly addedAt = new Map<K, number>();
  private readonly startedAt = new Map<K, number>();
  /** Workers blocked in `get()`. */
  private waiters: Array<() => void> = [];
  /** Callers of `shutDownWithDrain` waiting for `processing` to empty. */
  private drainWaiters: Array<() => void> = [];
  private shuttingDown = false;

  private readonly limiter: ExponentialBackoffRateLimiter<K>;
  private readonly overall: OverallRateLimiter;
  private readonly metrics: WorkQueueMetrics;
  private readonly clock: Clock;

  constructor(options: WorkQueueOptions = {}) {
    this.limiter = new ExponentialBackoffRateLimiter<K>(options.baseDelayMs ?? 5, options.maxDelayMs ?? 60_000);
    this.metrics = options.metrics ?? {};
    this.clock = options.clock ?? realClock;
    this.overall = new OverallRateLimiter(options.overallQps ?? 10, options.overallBurst ?? 100, () =>
      this.clock.now(),
    );
  }

  /** Keys waiting for a worker (not those being processed or delayed). */
  get length(): number {
    return this.queue.length;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Queue `key` for a worker. A key already waiting is not queued twice; a key being processed is
   * re-queued when its worker calls `done`. Ignored once shut down. */
  add(key: K): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(key)) return;
    this.metrics.add?.();
    this.dirty.add(key);
    if (!this.addedAt.has(key)) this.addedAt.set(key, this.clock.now());
    // Its worker will put it back in `done`; handing it out now would mean two workers on one key.
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Add `key` after `ms`. If it is already waiting for a delay, the earlier due time wins. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const due = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing) {
      if (existing.due <= due) return;
      this.clock.clearTimeout(existing.timer);
    }
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { due, timer });
  }

  /** Add `key` after its backoff delay (which grows with each call until `forget`); returns the
   * delay in milliseconds. */
  addRateLimited(key: K): number {
    const delay = Math.max(this.limiter.when(key), this.overall.when());
    if (this.shuttingDown) return delay;
    this.metrics.retry?.();
    this.addAfter(key, delay);
    return delay;
  }

  /** The key succeeded: its next failure starts the backoff over. (It does not dequeue the key.) */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** How many times `key` has been rate-limited since it was last forgotten. */
  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /**
   * The next key, waiting for one if needed. The caller owns the key until it calls `done(key)`.
   * After a shut down, keys still waiting are handed out; then `undefined` (workers exit on it).
   */
  async get(): Promise<K | undefined> {
    while (this.queue.length === 0 && !this.shuttingDown) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    // Another worker may have been woken for a key this caller took; keep the wake-ups flowing so
    // no key sits in the queue while a worker sleeps.
    if (this.queue.length > 0) this.waiters.shift()?.();
    this.metrics.depth?.(this.queue.length);
    this.processing.add(key);
    this.dirty.delete(key);
    const now = this.clock.now();
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    if (added !== undefined) this.metrics.queueLatency?.((now - added) / 1000);
    this.startedAt.set(key, now);
    return key;
  }

  /** The worker is finished with `key`. If it was added meanwhile, it is queued again now. */
  done(key: K): void {
    if (!this.processing.delete(key)) return;
    const started = this.startedAt.get(key);
    this.startedAt.delete(key);
    if (started !== undefined) this.metrics.workDuration?.((this.clock.now() - started) / 1000);
    if (this.dirty.has(key)) this.push(key);
    if (this.processing.size === 0) {
      const drained = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of drained) resolve();
    }
  }

  /** Accept no more keys, drop pending delayed adds, and wake every waiting worker. Keys already
   * queued are still handed out by `get` (the caller may choose to just `done` them). */
  shutDown(): void {
    if (!this.shuttingDown) {
      this.shuttingDown = true;
      for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
      this.delayed.clear();
    }
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** `shutDown`, then wait until every key handed out has been `done`. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private push(key: K): void {
    this.queue.push(key);
    this.metrics.depth?.(this.queue.length);
    this.waiters.shift()?.();
  }
}
