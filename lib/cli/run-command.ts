/**
 * `rec-cdk8s run`: the runner in the foreground until SIGTERM/SIGINT, which stops it cleanly
 * (stop taking work, finish what runs, release the Lease) and exits 0.
 */
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { Runner } from '../runner/runner.js';
import { createLogger } from '../controller/index.js';
import { RUNNER_DEFAULTS } from '../runner/defaults.js';
import { ingressMethodsFromFlags, type IngressMethodFlags } from '../api/ingress-kinds.js';
import { parseLabelsFlag } from '../api/label-flag.js';

export interface RunCommandOptions extends IngressMethodFlags {
  namespace?: string[];
  allNamespaces?: boolean;
  leaderElect?: boolean;
  leaseNamespace?: string;
  leaseName?: string;
  leaseDuration?: string;
  healthPort: string;
  metricsPort: string;
  workers: string;
  resyncPeriod: string;
  kubeApiQps?: string;
  kubeApiBurst?: string;
  minWatchTimeout?: string;
  watchUnreadyAfter?: string;
  logLevel?: string;
  kubeconfig?: string;
  istioGatewaySelector?: string;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag}: must be a port number 0-65535 (got ${value})`);
  return n;
}

function nonNegative(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag}: must be a number >= 0 (got ${value})`);
  return n;
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: must be a positive number (got ${value})`);
  return n;
}

/** How long a replica that lost the lease may take to close down before it is made to exit. */
const LEADERSHIP_LOST_EXIT_MS = 2000;

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const loaded = await loadKubeConfig(options.kubeconfig ? { file: options.kubeconfig } : {});
  const inCluster = process.env.POD_NAMESPACE;
  const namespaces: string[] | 'all' = options.allNamespaces
    ? 'all'
    : options.namespace && options.namespace.length > 0
      ? options.namespace
      : [inCluster ?? loaded.namespace ?? 'default'];
  const logger = createLogger({ name: 'rec-cdk8s-runner', ...(options.logLevel ? { level: options.logLevel } : {}) });
  logger.info({ kubeconfig: loaded.origin }, 'loaded the Kubernetes configuration');
  const runner = new Runner({
    kubeConfig: loaded.source,
    namespaces,
    leaderElect: options.leaderElect ?? false,
    ...(options.leaseNamespace
      ? { leaseNamespace: options.leaseNamespace }
      : inCluster
        ? { leaseNamespace: inCluster }
        : {}),
    ...(options.leaseName ? { leaseName: options.leaseName } : {}),
    ...(options.leaseDuration ? { leaseDurationSeconds: positive(options.leaseDuration, '--lease-duration') } : {}),
    healthPort: port(options.healthPort, '--health-port'),
    metricsPort: port(options.metricsPort, '--metrics-port'),
    workers: positive(options.workers, '--workers'),
    resyncMs: positive(options.resyncPeriod, '--resync-period') * 1000,
    flowControl: {
      qps: nonNegative(options.kubeApiQps ?? String(RUNNER_DEFAULTS.kubeApiQps), '--kube-api-qps'),
      burst: positive(options.kubeApiBurst ?? String(RUNNER_DEFAULTS.kubeApiBurst), '--kube-api-burst'),
    },
    ...(options.minWatchTimeout
      ? { minWatchTimeoutSeconds: positive(options.minWatchTimeout, '--min-watch-timeout') }
      : {}),
    ...(options.watchUnreadyAfter
      ? { watchUnreadyAfterMs: positive(options.watchUnreadyAfter, '--watch-unready-after') * 1000 }
      : {}),
    ingressMethods: ingressMethodsFromFlags(options),
    ...(options.istioGatewaySelector
      ? { istioGatewaySelector: parseLabelsFlag(options.istioGatewaySelector, '--istio-gateway-selector') }
      : {}),
    logger,
    onLeadershipLost: () => {
      process.exitCode = 1;
      stopping ??= runner.stop();
      // Its writes are fenced already; whatever else lingers (a closing watch, a server) must not
      // keep a replica that lost the lease alive.
      setTimeout(() => process.exit(1), LEADERSHIP_LOST_EXIT_MS).unref();
    },
  });

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (stopping) return;
    logger.info({ signal }, 'shutting down');
    stopping = runner.stop();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await runner.start();
  const ports = runner.ports();
  logger.info({ ...ports, namespaces, leaderElect: options.leaderElect ?? false }, 'runner started');
  await new Promise<void>((resolve) => {
    const wait = setInterval(() => {
      if (stopping) {
        clearInterval(wait);
        void stopping.then(resolve);
      }
    }, 100);
  });
  if (process.exitCode === 1) return 1;
  logger.info('stopped cleanly');
  return 0;
}
