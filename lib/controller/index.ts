/** Generic controller machinery (work queue, informer, controller, leader election, metrics,
 * probes, logs), shaped after controller-runtime and client-go. */
export {
  WorkQueue,
  ExponentialBackoffRateLimiter,
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
