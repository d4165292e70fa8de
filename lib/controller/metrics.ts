/**
 * Every Prometheus metric the runner exports, in one place: under the names controller-runtime
 * and client-go use (requests, work queue, reconciles, leader election), so the dashboards and
 * alerts people already have for Go controllers work on this one unchanged; then the runner's own
 * (`rec_*`: what it applied, pruned and restored).
 *
 * Metrics are got-or-created on a registry: several controllers (or queues, or clients) may share
 * one registry, and prom-client throws when one name is registered twice.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { KubeClient, Verb } from '../kube/client.js';
import type { WorkQueueMetrics } from './work-queue.js';

export { Registry } from 'prom-client';

export interface RegistryOptions {
  /** Also collect Node's process metrics (CPU, memory, event loop lag, GC). @default true */
  defaultMetrics?: boolean;
}

export function createRegistry(options: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The metric named `name` in `registry`, creating it with `create` the first time. */
export function getOrCreate<M extends Metric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

// client-go's request latency buckets (rest_client_request_duration_seconds).
const REQUEST_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/**
 * Count every request `client` makes: `rest_client_requests_total{code,method,resource}` and
 * `rest_client_request_duration_seconds{method,resource}` (time to response headers; for a WATCH
 * that is the time to open the stream, not its lifetime). A request that failed without a response
 * has code "<error>", as in client-go.
 */
export function observeClient(client: KubeClient, registry: Registry): void {
  const requests = getOrCreate(
    registry,
    'rest_client_requests_total',
    () =>
      new Counter({
        name: 'rest_client_requests_total',
        help: 'Number of HTTP requests to the Kubernetes API, partitioned by status code, method (the client verb) and resource.',
        labelNames: ['code', 'method', 'resource'] as const,
        registers: [registry],
      }),
  );
  const duration = getOrCreate(
    registry,
    'rest_client_request_duration_seconds',
    () =>
      new Histogram({
        name: 'rest_client_request_duration_seconds',
        help: 'Request latency in seconds (to response headers), by method (the client verb) and resource.',
        labelNames: ['method', 'resource'] as const,
        buckets: REQUEST_BUCKETS,
        registers: [registry],
      }),
  );
  client.observe(({ verb, resource, code, seconds }) => {
    requests.inc({ code: code === 0 ? '<error>' : String(code), method: verb, resource });
    duration.observe({ method: verb, resource }, seconds);
  });
}

const WRITE_VERBS: readonly Verb[] = ['APPLY', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'];

/**
 * Counts requests in memory, by verb and resource: for tests and benchmarks that assert things like
 * "an idle resync makes no writes". Attach it with `client.observe(counter.observer)` or
 * `new RequestCounter(client)`.
 */
export class RequestCounter {
  private counts = new Map<string, number>();

  /**
   * `count: 'answered'` counts a request when its answer arrives (as the metrics do); `'sent'`
   * when it leaves, so a snapshot includes what is still in flight. @default 'answered'
   */
  constructor(client?: KubeClient, options: { count?: 'sent' | 'answered' } = {}) {
    if (client && options.count === 'sent') client.observeSent(this.observer);
    else if (client) client.observe(this.observer);
  }

  /** Pass to `KubeClient.observe` (or `observeSent`). */
  readonly observer = ({ verb, resource }: { verb: Verb; resource: string }): void => {
    this.bump(verb);
    this.bump(`${verb} ${resource}`);
  };

  /** Requests with `verb` (of `resource` only, when given). */
  count(verb: Verb, resource?: string): number {
    return this.counts.get(resource === undefined ? verb : `${verb} ${resource}`) ?? 0;
  }

  /** APPLY + CREATE + UPDATE + PATCH + DELETE (of `resource` only, when given). */
  writes(resource?: string): number {
    return WRITE_VERBS.reduce((sum, verb) => sum + this.count(verb, resource), 0);
  }

  /** Every request counted. */
  total(): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (!key.includes(' ')) sum += n;
    return sum;
  }

  /** `{ GET: 3, 'GET configmaps': 3, ... }`: per verb, and per verb and resource. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts = new Map();
  }

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

// controller-runtime's workqueue buckets: ExponentialBuckets(10e-9, 10, 12), i.e. 1e-8 s to 1000 s.
const QUEUE_BUCKETS = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/** WorkQueue hooks recording controller-runtime's `workqueue_*` metrics with label `name`. */
export function workQueueMetrics(registry: Registry, name: string): WorkQueueMetrics {
  const depth = getOrCreate(
    registry,
    'workqueue_depth',
    () =>
      new Gauge({
        name: 'workqueue_depth',
        help: 'Current depth of workqueue',
        labelNames: ['name'] as const,
        registers: [registry],
      }),
  );
  const adds = getOrCreate(
    registry,
    'workqueue_adds_total',
    () =>
      new Counter({
        name: 'workqueue_adds_total',
        help: 'Total number of adds handled by workqueue',
        labelNames: ['name'] as const,
        registers: [registry],
      }),
  );
  const latency = getOrCreate(
    registry,
    'workqueue_queue_duration_seconds',
    () =>
      new Histogram({
        name: 'workqueue_queue_duration_seconds',
        help: 'How long in seconds an item stays in workqueue before being requested',
        labelNames: ['name'] as const,
        buckets: QUEUE_BUCKETS,
        registers: [registry],
      }),
  );
  const work = getOrCreate(
    registry,
    'workqueue_work_duration_seconds',
    () =>
      new Histogram({
        name: 'workqueue_work_duration_seconds',
        help: 'How long in seconds processing an item from workqueue takes.',
        labelNames: ['name'] as const,
        buckets: QUEUE_BUCKETS,
        registers: [registry],
      }),
  );
  const retries = getOrCreate(
    registry,
    'workqueue_retries_total',
    () =>
      new Counter({
        name: 'workqueue_retries_total',
        help: 'Total number of retries handled by workqueue',
        labelNames: ['name'] as const,
        registers: [registry],
      }),
  );
  // Report 0 from the start, so the series exists before the first add.
  depth.set({ name }, 0);
  return {
    depth: (n) => depth.set({ name }, n),
    add: () => adds.inc({ name }),
    queueLatency: (s) => latency.observe({ name }, s),
    workDuration: (s) => work.observe({ name }, s),
    retry: () => retries.inc({ name }),
  };
}

/** How a reconcile ended, as controller-runtime's `result` label says it. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** The controller's hooks for its metrics. */
export interface ControllerMetrics {
  reconcile(outcome: ReconcileOutcome, seconds: number): void;
  activeWorkers(delta: number): void;
}

/** controller-runtime's `controller_runtime_*` metrics of the controller `controller`. */
export function controllerMetrics(registry: Registry, controller: string, workers: number): ControllerMetrics {
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

/** The leader elector's hook: client-go's `leader_election_master_status{name}`. */
export interface LeaderElectionMetrics {
  leading(yes: boolean): void;
}

export function leaderElectionMetrics(registry: Registry, name: string): LeaderElectionMetrics {
  const status = getOrCreate(
    registry,
    'leader_election_master_status',
    () =>
      new Gauge({
        name: 'leader_election_master_status',
        help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. "name" is the string used to identify the lease.',
        labelNames: ['name'] as const,
        registers: [registry],
      }),
  );
  status.set({ name }, 0);
  return { leading: (yes) => status.set({ name }, yes ? 1 : 0) };
}

/** The reconciler's hooks for the runner's own metrics. */
export interface ReconcilerMetrics {
  /** An object differed from what we last applied without a spec change: someone edited or deleted it. */
  driftCorrected(kind: string): void;
  objectApplied(kind: string): void;
  objectPruned(kind: string): void;
  /** A node pod stuck in ContainerCreating was deleted (podStartingPolicy). */
  stuckPodDeleted(): void;
}

/**
 * `rec_drift_corrections_total`, `rec_objects_applied_total`, `rec_objects_pruned_total`, by kind;
 * `rec_stuck_pods_deleted_total`.
 */
export function reconcilerMetrics(registry: Registry): ReconcilerMetrics {
  const drift = getOrCreate(
    registry,
    'rec_drift_corrections_total',
    () =>
      new Counter({
        name: 'rec_drift_corrections_total',
        help: 'Objects restored after a change made outside the spec, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const applied = getOrCreate(
    registry,
    'rec_objects_applied_total',
    () =>
      new Counter({
        name: 'rec_objects_applied_total',
        help: 'Server-side applies of owned objects, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const pruned = getOrCreate(
    registry,
    'rec_objects_pruned_total',
    () =>
      new Counter({
        name: 'rec_objects_pruned_total',
        help: 'Owned objects deleted because the spec no longer asks for them, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const stuck = getOrCreate(
    registry,
    'rec_stuck_pods_deleted_total',
    () =>
      new Counter({
        name: 'rec_stuck_pods_deleted_total',
        help: 'Node pods deleted because they were stuck in ContainerCreating past podStartingPolicy.startingThresholdSeconds.',
        registers: [registry],
      }),
  );
  return {
    stuckPodDeleted: () => stuck.inc(),
    driftCorrected: (kind) => drift.inc({ kind }),
    objectApplied: (kind) => applied.inc({ kind }),
    objectPruned: (kind) => pruned.inc({ kind }),
  };
}
