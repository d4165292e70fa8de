/**
 * A controller in controller-runtime's shape: N workers take requests (namespace and name, see
 * request.ts) from a WorkQueue keyed by `requestKey`, and call a level-triggered
 * `reconcile(request)`. The outcome decides what happens to the request's key:
 *
 * - success: `forget` (the key's backoff starts over), and `addAfter` if it asked to be looked at
 *   again later (`requeueAfterMs`, e.g. waiting for pods to become ready);
 * - `{ requeue: true }`: back through the rate limiter, without counting as an error;
 * - a thrown error: logged and back through the rate limiter (5 ms, 10 ms, ... up to the cap);
 * - always `done`, so a key that changed while it was reconciled is reconciled again.
 *
 * A periodic resync (period ± 10% jitter, so replicas and restarts do not line up) enqueues every
 * request a function returns: the safety net that catches anything a watch missed. Reconcile reads from
 * caches, so a resync of an object already in its desired state costs no API request.
 */
import type { Registry } from 'prom-client';
import type { KubeObject } from '../kube/client.js';
import type { Informer } from './informer.js';
import { type Logger, silentLogger } from './logger.js';
import { controllerMetrics, workQueueMetrics, type ControllerMetrics, type ReconcileOutcome } from './metrics.js';
import { WorkQueue } from './work-queue.js';
import { type Request, requestFor, requestFromKey, requestKey } from './request.js';

export interface ReconcileResult {
  /** Reconcile the key again after this long, even if nothing changes (a success, not a retry). */
  requeueAfterMs?: number;
  /** Reconcile the key again after its backoff delay, without counting an error. */
  requeue?: boolean;
}

export type ReconcileFunction = (request: Request) => Promise<ReconcileResult | void>;

/**
 * Which requests a change to an object asks for: its own (the default), its owner's, several, or
 * none. A pure function of the object: it decides nothing else (what changed, and whether the
 * object is gone, is for the reconcile to find out).
 */
export type RequestMapper<T extends KubeObject> = (object: T) => Request | readonly Request[] | undefined;

export interface ControllerOptions {
  /** Names the metrics (`controller` label, work queue `name`) and log lines. */
  name: string;
  reconcile: ReconcileFunction;
  /** Requests reconciled in parallel (never two workers on one request). @default 2 */
  workers?: number;
  /** Every `resyncMs` (± 10%), enqueue every request `resyncRequests` returns. @default no resync */
  resyncMs?: number;
  resyncRequests?: () => Iterable<Request>;
  /** Backoff of a failing key. @default 5 ms doubling to 60 s */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where the controller and work queue metrics go. @default none */
  registry?: Registry;
  /** @default silent */
  logger?: Logger;
}

export class Controller {
  readonly name: string;
  /** Holds `requestKey`s: one entry per request, however many events asked for it. */
  readonly queue: WorkQueue<string>;
  private readonly reconcileFn: ReconcileFunction;
  private readonly workerCount: number;
  private readonly resyncMs: number | undefined;
  private readonly resyncRequests: (() => Iterable<Request>) | undefined;
  private readonly logger: Logger;
  private readonly metrics: ControllerMetrics;
  private workers: Promise<void>[] = [];
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private stopping = false;

  constructor(options: ControllerOptions) {
    const workers = options.workers ?? 2;
    if (!Number.isInteger(workers) || workers < 1)
      throw new Error(`controller ${options.name}: workers must be a positive integer, got ${workers}`);
    if (options.resyncMs !== undefined && !(options.resyncMs > 0))
      throw new Error(`controller ${options.name}: resyncMs must be positive, got ${options.resyncMs}`);
    if (options.resyncMs !== undefined && !options.resyncRequests)
      throw new Error(`controller ${options.name}: resyncMs needs resyncRequests`);
    this.name = options.name;
    this.reconcileFn = options.reconcile;
    this.workerCount = workers;
    this.resyncMs = options.resyncMs;
    this.resyncRequests = options.resyncRequests;
    this.logger = (options.logger ?? silentLogger()).child({ controller: options.name });
    this.queue = new WorkQueue<string>({
      ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.registry ? { metrics: workQueueMetrics(options.registry, options.name) } : {}),
    });
    this.metrics = options.registry
      ? controllerMetrics(options.registry, options.name, workers)
      : { reconcile: () => {}, activeWorkers: () => {} };
  }

  /** Queue a request (duplicates collapse). */
  enqueue(request: Request): void {
    this.queue.add(requestKey(request));
  }

  /**
   * Enqueue requests for every change an informer sees, whatever the change: `map` turns the
   * object into the requests to reconcile (default: its own); for an owned object, its owner's.
   * Returns the function that unregisters the handler.
   */
  watch<T extends KubeObject>(informer: Informer<T>, map: RequestMapper<T> = requestFor): () => void {
    return informer.on((_type, obj) => {
      const requests = map(obj);
      if (requests === undefined) return;
      if ('name' in requests) this.enqueue(requests);
      else for (const request of requests) this.enqueue(request);
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

  private async process(key: string): Promise<void> {
    this.metrics.activeWorkers(1);
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      const result: ReconcileResult = (await this.reconcileFn(requestFromKey(key))) ?? {};
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
        { request: key, err: error, retryInMs: delayMs, retries: this.queue.numRequeues(key) },
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

  /** Enqueue every request `resyncRequests` returns, now. */
  resync(): void {
    if (!this.resyncRequests || this.stopping) return;
    let n = 0;
    try {
      for (const request of this.resyncRequests()) {
        this.enqueue(request);
        n++;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'resync: listing requests failed');
    }
    this.logger.debug({ requests: n }, 'resync');
  }
}
