/**
 * Names, labels, ports and defaults of the runner's own install, in one place. The install's
 * objects deliberately carry no `app.kubernetes.io/managed-by: rec-cdk8s` label: that label marks
 * what the runner owns and prunes (lib/runner/names.ts), and the runner must never prune itself.
 */

/**
 * The version of this package, for the default image tag. A constant rather than a runtime read
 * of package.json (whose path differs between the sources and `build/`); a unit test fails when
 * the two disagree.
 */
export const RUNNER_VERSION = '0.1.0';
export const RUNNER_IMAGE_REPOSITORY = 'ghcr.io/rec-cdk8s/rec-cdk8s-runner';
export const DEFAULT_RUNNER_IMAGE = `${RUNNER_IMAGE_REPOSITORY}:${RUNNER_VERSION}`;

export const DEFAULT_RUNNER_NAMESPACE = 'rec-system';
export const DEFAULT_RUNNER_REPLICAS = 2;
export const DEFAULT_METRICS_PORT = 8080;
export const DEFAULT_HEALTH_PORT = 8081;
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_RUNNER_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
} as const;

/** The distroless "nonroot" user and group; the Dockerfile runs as the same ids. */
export const RUNNER_USER_ID = 65532;

/**
 * Node's flags for the runner, for memory: the runner waits on the API server far more than it
 * computes, so it trades a little CPU for a smaller resident set.
 * - `--max-semi-space-size=2`: a 2 MB young-generation semi-space (Node 20 reserves up to 16 MB),
 *   so the garbage of a burst of reconciles (each synthesizes a whole chart) does not inflate RSS:
 *   peak at 1000 RECs 160 -> 136 MB in a paired run, same convergence time.
 * - `--optimize-for-size`: V8 favours size over speed (heap growth, code): peak at 1000 RECs
 *   170 -> 129 MB and 146 -> 137 MB in two paired runs (heap 64-67 -> 50 MB), no slower either way.
 * The Dockerfile's ENTRYPOINT and the bench's memory run use the same flags (bench/README.md).
 */
export const RUNNER_NODE_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size'] as const;

/** The entry point inside the image (WORKDIR /app), relative so a custom image with the same layout works. */
export const RUNNER_ENTRYPOINT = ['node', ...RUNNER_NODE_FLAGS, 'build/lib/cli/entry.js'] as const;

export const RUNNER_NAMES = {
  /** Deployment, ServiceAccount, PodDisruptionBudget, and the Role/RoleBinding in each watched namespace. */
  runner: 'rec-runner',
  container: 'runner',
  metricsService: 'rec-runner-metrics',
  /** Role and RoleBinding for the leader-election Lease, in the runner's own namespace only. */
  leaderElection: 'rec-runner-leader-election',
  /**
   * ClusterRole and ClusterRoleBinding of an all-namespaces install. Cluster-scoped, so the
   * runner's namespace is part of the name: two installs never fight over one object.
   */
  clusterRole: (namespace: string) => `rec-runner-${namespace}`,
} as const;

export const RUNNER_PORT_NAMES = { metrics: 'metrics', health: 'health' } as const;

/** Selects the runner's pods (Deployment selector: immutable, so nothing that may change). */
export function runnerSelectorLabels(): Record<string, string> {
  return { 'app.kubernetes.io/name': RUNNER_NAMES.runner, 'app.kubernetes.io/component': 'controller' };
}

/** Labels on every object of the install (the CRD keeps its own, see lib/api/crd/crd.ts). */
export function runnerLabels(version: string = RUNNER_VERSION): Record<string, string> {
  return { ...runnerSelectorLabels(), 'app.kubernetes.io/part-of': 'rec-cdk8s', 'app.kubernetes.io/version': version };
}
