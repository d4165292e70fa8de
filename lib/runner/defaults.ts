/**
 * The runner process's defaults, in one place: `rec-cdk8s run` shows and passes them, `Runner`
 * falls back on them. The ports are the install's (constructs/runner-install/defaults.ts): the probes and
 * the metrics Service of the Deployment it makes point at them.
 */
import { DEFAULT_HEALTH_PORT, DEFAULT_METRICS_PORT } from '../../constructs/runner-install/defaults.js';
import { DEFAULT_BURST, DEFAULT_QPS } from '../kube/rate-limiter.js';

export const RUNNER_DEFAULTS = {
  /** RECs reconciled in parallel. */
  workers: 4,
  /** Full resync period (jittered by the controller). */
  resyncSeconds: 600,
  /** The leader-election Lease. */
  leaseName: 'rec-cdk8s-runner',
  /** How long a Lease lasts without renewal (client-go's 15 s). */
  leaseDurationSeconds: 15,
  healthPort: DEFAULT_HEALTH_PORT,
  metricsPort: DEFAULT_METRICS_PORT,
  /** Client-side rate limit of the API requests (controller-runtime's, see rate-limiter.ts). */
  kubeApiQps: DEFAULT_QPS,
  kubeApiBurst: DEFAULT_BURST,
  /** Shortest server-side watch timeout (client-go's reflector: 5 min). */
  minWatchTimeoutSeconds: 300,
  /** /readyz fails once a watch has not worked for this long. */
  watchUnreadyAfterSeconds: 30,
} as const;
