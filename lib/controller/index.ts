/**
 * Generic controller machinery (work queue, informer, controller, leader election, metrics,
 * probes, logs), shaped after controller-runtime and client-go. `lib/runner/runner.ts` is the one
 * real wiring; in outline (shutdown runs it backwards):
 *
 *   const registry = createRegistry();
 *   observeClient(client, registry);
 *   const recs = new Informer(client, { resource: RESOURCE.redisEnterpriseCluster, namespaces, logger });
 *   const owned = new Informer(client, { resource: RESOURCE.statefulSet, namespaces, labelSelector, logger });
 *   const controller = new Controller({
 *     name: 'rec', registry, logger,
 *     reconcile: (request) => reconciler.reconcile(request),     // { namespace, name }: nothing else
 *     resyncMs: 10 * 60_000, resyncRequests: () => recs.list().map(requestFor),
 *   });
 *   controller.watch(recs);                                      // a REC's change -> its request
 *   controller.watch(owned, (obj) => clusterRequest(obj));       // a child's change -> its REC's (by label)
 *   // Caches fill on every replica (a standby is ready and takes over warm); only the leader reconciles.
 *   const health = await HealthServer.start({ port, registry, ready: () => recs.hasSynced() || 'not synced' });
 *   await Promise.all([recs.start(signal), owned.start(signal)]);
 *   const elector = new LeaderElector({ client: electionClient, namespace, name, identity, registry, logger });
 *   void elector.run({
 *     onStartedLeading: (lost) => {                              // settles once the work has stopped
 *       controller.start();
 *       return new Promise((done) => lost.addEventListener('abort', () => void controller.stop().then(done)));
 *     },
 *     onStoppedLeading: () => { if (!shuttingDown) exit(1); },   // lost the lease: start over
 *   }, signal);
 *   // SIGTERM: controller.stop() (in-flight reconciles finish), elector.release(), abort the informers.
 */
export {
  WorkQueue,
  ExponentialBackoffRateLimiter,
  OverallRateLimiter,
  realClock,
  type Clock,
  type WorkQueueMetrics,
  type WorkQueueOptions,
} from './work-queue.js';
export {
  Informer,
  Backoff,
  sleep,
  type InformerEventType,
  withoutManagedFields,
  type InformerHandler,
  type InformerOptions,
  type ListWatchClient,
} from './informer.js';
export {
  Controller,
  type ControllerOptions,
  type ReconcileFunction,
  type ReconcileResult,
  type RequestMapper,
} from './controller.js';
export { type Request, requestFor, requestKey, requestFromKey } from './request.js';
export {
  LeaderElector,
  microTime,
  type LeaderCallbacks,
  type LeaderElectorOptions,
  type Lease,
  type LeaseSpec,
} from './leader-election.js';
export {
  Registry,
  createRegistry,
  getOrCreate,
  observeClient,
  RequestCounter,
  workQueueMetrics,
  reconcilerMetrics,
  type ReconcilerMetrics,
  type RegistryOptions,
} from './metrics.js';
export { HealthServer, type Check, type HealthServerOptions } from './health-server.js';
export { createLogger, silentLogger, redactPaths, REDACTED_FIELDS, type Logger, type LoggerOptions } from './logger.js';
