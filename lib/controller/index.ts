/**
 * Generic controller machinery (work queue, informer, controller, leader election, metrics,
 * probes, logs), shaped after controller-runtime and client-go.
 *
 * Wiring of a runner process, in order (shutdown runs it backwards):
 *
 *   const logger = createLogger({ name: 'runner' });
 *   const registry = createRegistry();
 *   observeClient(client, registry);
 *   const recs = new Informer<Rec>(client, { resource: RESOURCE.redisEnterpriseCluster, namespaces, logger });
 *   const owned = new Informer<KubeObject>(client, { resource: RESOURCE.statefulSet, namespaces, labelSelector, logger });
 *   const controller = new Controller({ name: 'rec', reconcile, registry, logger, resyncMs: 10 * 60_000,
 *     resyncKeys: () => recs.list().map(objectKey) });
 *   controller.watch(recs);
 *   controller.watch(owned, (obj) => ownerKey(obj));            // a child's change -> its REC's key
 *   const health = await HealthServer.start({ port: 8081, registry,
 *     ready: () => (recs.hasSynced() && owned.hasSynced()) || 'caches not synced' });
 *   // Caches fill on every replica (a standby is ready and takes over warm); only the leader reconciles.
 *   const informers = new AbortController();
 *   await Promise.all([recs.start(informers.signal), owned.start(informers.signal)]);
 *   const elector = new LeaderElector({ client, namespace, name: 'rec-runner', registry, logger });
 *   void elector.run({
 *     async onStartedLeading(signal) {
 *       controller.start();
 *       await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
 *       await controller.stop();                                   // in-flight reconciles finish
 *     },
 *     onStoppedLeading() { if (!shuttingDown) process.exit(1); },  // lost the lease: start over
 *   });
 *   process.once('SIGTERM', async () => {
 *     shuttingDown = true;
 *     await elector.release();  // stops the work (waits for onStartedLeading), then hands over
 *     informers.abort(); await health.close(); client.close();
 *   });
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
  objectKey,
  splitKey,
  type ControllerOptions,
  type ReconcileFunction,
  type ReconcileResult,
} from './controller.js';
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
  type RegistryOptions,
} from './metrics.js';
export { HealthServer, type Check, type HealthServerOptions } from './health-server.js';
export { createLogger, silentLogger, redactPaths, REDACTED_FIELDS, type Logger, type LoggerOptions } from './logger.js';
