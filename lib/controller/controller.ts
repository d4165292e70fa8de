/**
 * A controller in controller-runtime's shape: N workers take keys from a WorkQueue and call a
 * level-triggered `reconcile(key)`. The outcome decides what happens to the key:
 *
 * - success: `forget` (the key's backoff starts over), and `addAfter` if it asked to be looked at
 *   again later (`requeueAfterMs`, e.g. waiting for pods to become ready);
 * - `{ requeue: true }`: back through the rate limiter, without counting as an error;
 * - a thrown error: logged and back through the rate limiter (5 ms, 10 ms, ... up to the cap);
 * - always `done`, so a key that changed while it was reconciled is reconciled again.
 *
 * A periodic resync (period ± 10% jitter, so replicas and restarts do not line up) enqueues every
 * key a function returns: the safety net that catches anything a watch missed. Reconcile reads from
 * caches, so a resync of an object already in its desired state costs no API request.
 */
import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { KubeObject } from '../kube/client.js';
import type { Informer, InformerEventType } from './informer.js';
import { type Logger, silentLogger } from './logger.js';
import { getOrCreate, workQueueMetrics } from './metrics.js';
import { WorkQueue } from './work-queue.js';

export interface ReconcileResult {
  /** Reconcile the key again after this long, even if nothing changes (a success, not a retry). */
  requeueAfterMs?: number;
  /** Reconcile the key again after its backoff delay, without counting an error. */
  requeue?: boolean;
}

export type ReconcileFunction<K extends string> = (key: K) => Promise<ReconcileResult | void>;

export interface ControllerOptions<K extends string> {
  /** Names the metrics (`controller` label, work queue `name`) and log lines. */
  name: string;
  reconcile: ReconcileFunction<K>;
  /** Keys reconciled in parallel (never two workers on one key). @default 2 */
  workers?: number;
  /** Every `resyncMs` (± 10%), enqueue every key `resyncKeys` returns. @default no resync */
  resyncMs?: number;
  resyncKeys?: () => Iterable<K>;
  /** Backoff of a failing key. @default 5 ms doubling to 60 s */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where the controller and work queue metrics go. @default none */
  registry?: Registry;
  /** @default silent */
  logger?: Logger;
}

type Outcome = 'success' | 'error' | 'requeue' | 'requeue_after';

interface ControllerMetrics {
  reconcile(outcome: Outcome, seconds: number): void;
  activeWorkers(delta: number): void;
}

export class Controller<K extends string = string> {
  readonly name: string;
  readonly queue: WorkQueue<K>;
  private readonly reconcileFn: ReconcileFunction<K>;
  private readonly workerCount: number;
  private readonly resyncMs: number | undefined;
  private readonly resyncKeys: (() => Iterable<K>) | undefined;
  private readonly logger: Logger;
  private readonly metrics: ControllerMetrics;
  private workers: Promise<void>[] = [];
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private stopping = false;

  constructor(options: ControllerOptions<K>) {
    const workers = options.workers ?? 2;
    if (!Number.isInteger(workers) || workers < 1)
      throw new Error(`controller ${options.name}: workers must be a positive integer, got ${workers}`);
    if (options.resyncMs !== undefined && !(options.resyncMs > 0))
      throw new Error(`controller ${options.name}: resyncMs must be positive, got ${options.resyncMs}`);
    if (options.resyncMs !== undefined && !options.resyncKeys)
      throw new Error(`controller ${options.name}: resyncMs needs resyncKeys`);
    this.name = options.name;
    this.reconcileFn = options.reconcile;
    this.workerCount = workers;
    this.resyncMs = options.resyncMs;
    this.resyncKeys = options.resyncKeys;
    this.logger = (options.logger ?? silentLogger()).child({ controller: options.name });
    this.queue = new WorkQueue<K>({
      ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.registry ? { metrics: workQueueMetrics(options.registry, options.name) } : {}),
    });
    this.metrics = options.registry
      ? controllerMetrics(options.registry, options.name, workers)
      : { reconcile: () => {}, activeWorkers: () => {} };
  }

  /** Queue a key (duplicates collapse). */
  enqueue(key: K): void {
    this.queue.add(key);
  }

  /**
   * Enqueue keys for every change an informer sees. `map` turns an object into the keys to
   * reconcile (default: the object's own `namespace/name`); for an owned object, map it to its
   * owner's key. Returns the function that unregisters the handler.
   */
  watch<T extends KubeObject>(
    informer: Informer<T>,
    map?: (obj: T, type: InformerEventType) => K | readonly K[] | undefined,
  ): () => void {
    return informer.on((type, obj) => {
      const keys = map ? map(obj, type) : (objectKey(obj) as K);
      if (keys === undefined) return;
      if (typeof keys === 'string') this.enqueue(keys);
      else for (const key of keys) this.enqueue(key);
    });
  }

  /** Start the workers and the resync timer. Start informers (and wait for their sync) first. */
  start(): void {
    if (this.started) throw new Error(`controller ${this.name} already started`);
    this.started = true;
    for (let i = 0; i < this.workerCount; i++) this.workers.push(this.worker());
    this.scheduleResync();
    this.logger.info({ workers: this.workerCount, resyncMs: this.resyncMs }, 'controller started');
  }

  /**
   * Stop taking keys, and wait for the reconciles in flight to finish (what SIGTERM calls). Keys
   * still queued are dropped: the next leader's initial list enqueues everything anyway.
   */
  async stop(): Promise<void> {
    if (this.stopping) {
      await Promise.all(this.workers);
      return;
    }
    this.stopping = true;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    await this.queue.shutDownWithDrain();
    await Promise.all(this.workers);
    this.logger.info('controller stopped');
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      if (this.stopping) {
        this.queue.done(key);
        continue;
      }
      await this.process(key);
    }
  }

  private async process(key: K): Promise<void> {
    this.metrics.activeWorkers(1);
    const started = performance.now();
    let outcome: Outcome;
    try {
      const result: ReconcileResult = (await this.reconcileFn(key)) ?? {};
      if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        outcome = 'requeue_after';
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfterMs);
      } else if (result.requeue) {
        outcome = 'requeue';
        this.queue.addRateLimited(key);
      } else {
        outcome = 'success';
        this.queue.forget(key);
      }
    } catch (error) {
      outcome = 'error';
      const delayMs = this.queue.addRateLimited(key);
      this.logger.error(
        { key, err: error, retryInMs: delayMs, retries: this.queue.numRequeues(key) },
        'reconcile failed',
      );
    } finally {
      this.metrics.activeWorkers(-1);
      this.queue.done(key);
    }
    this.metrics.reconcile(outcome, (performance.now() - started) / 1000);
  }

  private scheduleResync(): void {
    if (this.resyncMs === undefined || this.stopping) return;
    const delay = this.resyncMs * (0.9 + Math.random() * 0.2);
    this.resyncTimer = setTimeout(() => {
      this.resync();
      this.scheduleResync();
    }, delay);
  }

  /** Enqueue every key `resyncKeys` returns, now. */
  resync(): void {
    if (!this.resyncKeys || this.stopping) return;
    let n = 0;
    try {
      for (const key of this.resyncKeys()) {
        this.queue.add(key);
        n++;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'resync: listing keys failed');
    }
    this.logger.debug({ keys: n }, 'resync');
  }
}

/** `namespace/name`, or `name` for a cluster-scoped object (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: { metadata: { namespace?: string; name: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** `{ namespace, name }` from a key made by `objectKey`. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

function controllerMetrics(registry: Registry, controller: string, workers: number): ControllerMetrics {
  const total = getOrCreate(
    registry,
    'controller_runtime_reconcile_total',
    () =>
      new Counter({
        name: 'controller_runtime_reconcile_total',
        help: 'Total number of reconciliations per controller',
        labelNames: ['controller', 'result'] as const,
        registers: [registry],
      }),
  );
  const errors = getOrCreate(
    registry,
    'controller_runtime_reconcile_errors_total',
    () =>
      new Counter({
        name: 'controller_runtime_reconcile_errors_total',
        help: 'Total number of reconciliation errors per controller',
        labelNames: ['controller'] as const,
        registers: [registry],
      }),
  );
  const time = getOrCreate(
    registry,
    'controller_runtime_reconcile_time_seconds',
    () =>
      new Histogram({
        name: 'controller_runtime_reconcile_time_seconds',
        help: 'Length of time per reconciliation per controller',
        labelNames: ['controller'] as const,
        // controller-runtime's buckets.
        buckets: [
          0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5,
          1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
        ],
        registers: [registry],
      }),
  );
  const active = getOrCreate(
    registry,
    'controller_runtime_active_workers',
    () =>
      new Gauge({
        name: 'controller_runtime_active_workers',
        help: 'Number of currently used workers per controller',
        labelNames: ['controller'] as const,
        registers: [registry],
      }),
  );
  const max = getOrCreate(
    registry,
    'controller_runtime_max_concurrent_reconciles',
    () =>
      new Gauge({
        name: 'controller_runtime_max_concurrent_reconciles',
        help: 'Maximum number of concurrent reconciles per controller',
        labelNames: ['controller'] as const,
        registers: [registry],
      }),
  );
  max.set({ controller }, workers);
  active.set({ controller }, 0);
  // Series exist from the start (at 0), so rate() and absent() behave before the first reconcile.
  for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) total.inc({ controller, result }, 0);
  errors.inc({ controller }, 0);
  return {
    reconcile(outcome, seconds) {
      total.inc({ controller, result: outcome });
      if (outcome === 'error') errors.inc({ controller });
      time.observe({ controller }, seconds);
    },
    activeWorkers(delta) {
      active.inc({ controller }, delta);
    },
  };
}
