import { Construct } from 'constructs';
import { DNS_LABEL } from '../../lib/spec/names-format.js';
import {
  DEFAULT_HEALTH_PORT,
  DEFAULT_LOG_LEVEL,
  DEFAULT_METRICS_PORT,
  DEFAULT_RUNNER_IMAGE,
  DEFAULT_RUNNER_NAMESPACE,
  DEFAULT_RUNNER_REPLICAS,
  DEFAULT_RUNNER_RESOURCES,
  RUNNER_NAMES,
  RUNNER_PORT_NAMES,
  runnerLabels,
  runnerSelectorLabels,
} from './defaults.js';
import {
  ALL_NAMESPACES_ONLY_RULES,
  FEATURE_RULES,
  INGRESS_METHOD_RULES,
  LEADER_ELECTION_RULES,
  RUNNER_FEATURES,
  WATCHED_NAMESPACE_RULES,
  type RunnerFeature,
  type RunnerRule,
} from './rbac-rules.js';
import { INGRESS_METHOD_KINDS } from '../../lib/ingress-kinds.js';
import { LABELS_WORDS, labelsHold } from '../../lib/label-flag.js';
import type { IngressMethod } from '../../lib/spec/external-access.js';
import { RecCustomResourceDefinition } from './crd.js';
import { RunnerNamespace } from './namespace.js';
import { RunnerServiceAccount } from './service-account.js';
import { RunnerRole } from './role.js';
import { RunnerClusterRole } from './cluster-role.js';
import { NodeClusterRoles } from './node-cluster-roles.js';
import { RunnerDeployment, type RunnerResources } from './deployment.js';
import { RunnerMetricsService } from './metrics-service.js';
import { RunnerDisruptionBudget } from './pod-disruption-budget.js';

export type RunnerLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface RecRunnerInstallProps {
  /**
   * Namespace the runner runs in (its ServiceAccount, Deployment, Service, leader-election Lease).
   * @default 'rec-system'
   */
  readonly namespace?: string;
  /**
   * Create the namespace. Turn off when it exists already and is managed elsewhere.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Include the RedisEnterpriseCluster CRD. Turn off when CRDs are installed separately.
   * @default true
   */
  readonly installCrd?: boolean;
  /**
   * Namespaces whose RECs the runner reconciles. A list gets a Role and RoleBinding in each
   * namespace; `'all'` gets a ClusterRole and ClusterRoleBinding instead (and, for rack awareness,
   * the `redis-enterprise-node-reader` ClusterRoleBinding and the right to edit its subjects,
   * which a list never gets).
   * @default [namespace] (only the runner's own namespace)
   */
  readonly watchNamespaces?: readonly string[] | 'all';
  /**
   * The runner's container image.
   * @default 'ghcr.io/rec-cdk8s/rec-cdk8s-runner:<package version>'
   */
  readonly image?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Runner pods; they elect a leader on a Lease, and only the leader reconciles.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Compute resources of the runner container.
   * @default requests cpu 100m, memory 128Mi; limits cpu 500m, memory 256Mi
   */
  readonly resources?: RunnerResources;
  /**
   * The runner's log level (`LOG_LEVEL`).
   * @default 'info'
   */
  readonly logLevel?: RunnerLogLevel;
  /**
   * Port of Prometheus `/metrics`, published by the `rec-runner-metrics` Service.
   * @default 8080
   */
  readonly metricsPort?: number;
  /**
   * Port of `/healthz` (liveness) and `/readyz` (readiness).
   * @default 8081
   */
  readonly healthPort?: number;
  /**
   * A PodDisruptionBudget (`maxUnavailable: 1`). Never rendered with a single replica.
   * @default true
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * RECs may use `ingressOrRouteSpec` (or `activeActive`) method `ingress`: the runner may manage
   * Ingresses in the watched namespaces, and runs with `--ingress`.
   * @default false (such a REC is told to install with `--ingress`; nothing is applied for it)
   */
  readonly ingress?: boolean;
  /**
   * RECs may use method `istio`: the runner may manage Istio Gateways and VirtualServices
   * (networking.istio.io; Istio's CRDs must be installed), and runs with `--istio`.
   * @default false
   */
  readonly istio?: boolean;
  /**
   * RECs may use method `openShiftRoute`: the runner may manage OpenShift Routes, with hosts of
   * their own (`routes/custom-host`), and runs with `--openshift-route`.
   * @default false
   */
  readonly openShiftRoute?: boolean;
  /**
   * With `istio`: the labels of your Istio ingress gateway pods, which the RECs' Gateways configure
   * (the runner runs with `--istio-gateway-selector`).
   * @default { istio: 'ingress' } (the runner's own default)
   */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  /**
   * Let the runner manage the call home CronJob of RECs with `usageMeter.callHomeClient`
   * (CronJobs in the watched namespaces). Off: those RECs are reconciled without it, and their
   * status says `usageMeter` is not acted on.
   * @default false
   */
  readonly usageMeter?: boolean;
  /**
   * Let the runner act on `podStartingPolicy`: delete a node pod stuck in ContainerCreating past
   * its threshold (pods delete in the watched namespaces; it watches them anyway, for the status).
   * Off: the status of a REC that enables the policy says it is not acted on.
   * @default false
   */
  readonly podStartingPolicy?: boolean;
}

/** Props that cannot be installed; the message names the prop and says what is allowed. */
export class RunnerInstallError extends Error {
  constructor(message: string) {
    super(`RecRunnerInstall: ${message}`);
    this.name = 'RunnerInstallError';
  }
}

const NAMESPACE_RULE =
  'a namespace name: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';

function checkNamespace(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new RunnerInstallError(`${path}: must be ${NAMESPACE_RULE} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function checkInteger(path: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RunnerInstallError(`${path}: must be an integer from ${min} to ${max} (got ${value})`);
  return value;
}

/** The props with every default filled in and checked. */
export interface ResolvedRunnerInstall {
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly installCrd: boolean;
  /** Deduplicated, in the given order. */
  readonly watchNamespaces: readonly string[] | 'all';
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  readonly replicas: number;
  readonly resources: RunnerResources;
  readonly logLevel: RunnerLogLevel;
  readonly metricsPort: number;
  readonly healthPort: number;
  readonly podDisruptionBudget: boolean;
  /** The ingress methods enabled (`ingress`, `istio`, `openShiftRoute` props), in a stable order. */
  readonly ingressMethods: readonly IngressMethod[];
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  readonly usageMeter: boolean;
  readonly podStartingPolicy: boolean;
}

export function resolveRunnerInstall(props: RecRunnerInstallProps = {}): ResolvedRunnerInstall {
  const namespace = checkNamespace('namespace', props.namespace ?? DEFAULT_RUNNER_NAMESPACE);
  let watchNamespaces: readonly string[] | 'all';
  if (props.watchNamespaces === 'all') watchNamespaces = 'all';
  else if (props.watchNamespaces === undefined) watchNamespaces = [namespace];
  else if (!Array.isArray(props.watchNamespaces) || props.watchNamespaces.length === 0) {
    throw new RunnerInstallError(
      `watchNamespaces: must be 'all' or a non-empty list of namespace names (got ${JSON.stringify(props.watchNamespaces)})`,
    );
  } else {
    watchNamespaces = [...new Set(props.watchNamespaces.map((ns, i) => checkNamespace(`watchNamespaces[${i}]`, ns)))];
  }
  const image = props.image ?? DEFAULT_RUNNER_IMAGE;
  if (!image || /\s/.test(image))
    throw new RunnerInstallError(
      `image: must be a non-empty image reference without spaces (got ${JSON.stringify(image)})`,
    );
  const metricsPort = checkInteger('metricsPort', props.metricsPort ?? DEFAULT_METRICS_PORT, 1, 65535);
  const healthPort = checkInteger('healthPort', props.healthPort ?? DEFAULT_HEALTH_PORT, 1, 65535);
  if (props.istioGatewaySelector !== undefined && !labelsHold(props.istioGatewaySelector))
    throw new RunnerInstallError(
      `istioGatewaySelector: must be ${LABELS_WORDS} (got ${JSON.stringify(props.istioGatewaySelector)})`,
    );
  if (metricsPort === healthPort)
    throw new RunnerInstallError(`healthPort: must differ from metricsPort (both ${healthPort})`);
  return {
    namespace,
    createNamespace: props.createNamespace ?? true,
    installCrd: props.installCrd ?? true,
    watchNamespaces,
    image,
    imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
    replicas: checkInteger('replicas', props.replicas ?? DEFAULT_RUNNER_REPLICAS, 1, 100),
    resources: props.resources ?? {
      requests: { ...DEFAULT_RUNNER_RESOURCES.requests },
      limits: { ...DEFAULT_RUNNER_RESOURCES.limits },
    },
    logLevel: props.logLevel ?? DEFAULT_LOG_LEVEL,
    metricsPort,
    healthPort,
    podDisruptionBudget: props.podDisruptionBudget ?? true,
    ingressMethods: (Object.keys(INGRESS_METHOD_KINDS) as IngressMethod[]).filter((method) => props[method] === true),
    ...(props.istioGatewaySelector ? { istioGatewaySelector: props.istioGatewaySelector } : {}),
    usageMeter: props.usageMeter ?? false,
    podStartingPolicy: props.podStartingPolicy ?? false,
  };
}

/** The rules of every watched namespace: the base, and those of the options the install enables. */
export function watchedNamespaceRules(
  config: Pick<ResolvedRunnerInstall, RunnerFeature | 'ingressMethods'>,
): RunnerRule[] {
  return [
    ...WATCHED_NAMESPACE_RULES,
    ...config.ingressMethods.flatMap((method) => INGRESS_METHOD_RULES[method]),
    ...RUNNER_FEATURES.flatMap((feature) => (config[feature] ? FEATURE_RULES[feature] : [])),
  ];
}

/**
 * Everything that runs the reconcile runner on a cluster: the RedisEnterpriseCluster CRD, the
 * runner's namespace and ServiceAccount, least-privilege RBAC (namespaced Roles for a list of
 * watched namespaces, a ClusterRole only for `'all'`; the Lease only in the runner's own
 * namespace), the Deployment, its metrics Service and a PodDisruptionBudget. Children are created
 * in apply order; each is exposed for platform code to extend.
 *
 * Nothing here carries the `app.kubernetes.io/managed-by: rec-cdk8s` label: the runner prunes
 * objects with that label, and must never prune its own install.
 */
export class RecRunnerInstall extends Construct {
  /** The resolved props. */
  public readonly config: ResolvedRunnerInstall;
  /** Absent with `installCrd: false`. */
  public readonly crd?: RecCustomResourceDefinition;
  /** Absent with `createNamespace: false`. */
  public readonly namespace?: RunnerNamespace;
  public readonly serviceAccount: RunnerServiceAccount;
  /** What the REC pods need, which the runner may bind and does not hold (and, for `'all'`, the node-reader binding). */
  public readonly nodeClusterRoles: NodeClusterRoles;
  /** Only for `watchNamespaces: 'all'`. */
  public readonly clusterRole?: RunnerClusterRole;
  /** One per watched namespace, keyed by namespace (empty for `'all'`). */
  public readonly watchRoles: ReadonlyMap<string, RunnerRole>;
  /** The Lease, in the runner's own namespace. */
  public readonly leaderElectionRole: RunnerRole;
  public readonly metricsService: RunnerMetricsService;
  public readonly deployment: RunnerDeployment;
  /** Only with more than one replica and `podDisruptionBudget` on. */
  public readonly podDisruptionBudget?: RunnerDisruptionBudget;

  constructor(scope: Construct, id: string, props: RecRunnerInstallProps = {}) {
    super(scope, id);
    const config = resolveRunnerInstall(props);
    this.config = config;
    const { namespace } = config;
    const labels = runnerLabels();
    const selector = runnerSelectorLabels();
    const account = { serviceAccountName: RUNNER_NAMES.runner, serviceAccountNamespace: namespace };

    if (config.installCrd) this.crd = new RecCustomResourceDefinition(this, 'Crd');
    if (config.createNamespace) this.namespace = new RunnerNamespace(this, 'Namespace', { name: namespace, labels });
    this.serviceAccount = new RunnerServiceAccount(this, 'ServiceAccount', {
      name: RUNNER_NAMES.runner,
      namespace,
      labels,
    });

    this.nodeClusterRoles = new NodeClusterRoles(this, 'NodeClusterRoles', {
      labels,
      nodeReaderBinding: config.watchNamespaces === 'all',
    });
    // What the enabled ingress methods add, wherever the RECs are watched.
    const watchedRules = watchedNamespaceRules(config);
    if (config.watchNamespaces === 'all') {
      this.clusterRole = new RunnerClusterRole(this, 'ClusterRole', {
        name: RUNNER_NAMES.clusterRole(namespace),
        rules: [...watchedRules, ...ALL_NAMESPACES_ONLY_RULES],
        labels,
        ...account,
      });
    }
    const watchRoles = new Map<string, RunnerRole>();
    for (const watched of config.watchNamespaces === 'all' ? [] : config.watchNamespaces) {
      watchRoles.set(
        watched,
        new RunnerRole(this, `Watch-${watched}`, {
          name: RUNNER_NAMES.runner,
          namespace: watched,
          rules: watchedRules,
          labels,
          ...account,
        }),
      );
    }
    this.watchRoles = watchRoles;
    this.leaderElectionRole = new RunnerRole(this, 'LeaderElection', {
      name: RUNNER_NAMES.leaderElection,
      namespace,
      rules: LEADER_ELECTION_RULES,
      labels,
      ...account,
    });

    this.metricsService = new RunnerMetricsService(this, 'MetricsService', {
      name: RUNNER_NAMES.metricsService,
      namespace,
      labels,
      selector,
      port: config.metricsPort,
      targetPort: RUNNER_PORT_NAMES.metrics,
    });
    this.deployment = new RunnerDeployment(this, 'Deployment', {
      name: RUNNER_NAMES.runner,
      namespace,
      labels,
      selector,
      serviceAccountName: RUNNER_NAMES.runner,
      containerName: RUNNER_NAMES.container,
      image: config.image,
      imagePullPolicy: config.imagePullPolicy,
      replicas: config.replicas,
      resources: config.resources,
      watchNamespaces: config.watchNamespaces,
      ingressMethods: config.ingressMethods,
      ...(config.istioGatewaySelector ? { istioGatewaySelector: config.istioGatewaySelector } : {}),
      metricsPort: config.metricsPort,
      healthPort: config.healthPort,
      logLevel: config.logLevel,
    });
    if (config.podDisruptionBudget && config.replicas > 1) {
      this.podDisruptionBudget = new RunnerDisruptionBudget(this, 'PodDisruptionBudget', {
        name: RUNNER_NAMES.runner,
        namespace,
        labels,
        selector,
      });
    }
  }
}
