/**
 * What the runner may do, as data: one entry per API group and resource. The Role and ClusterRole
 * constructs render these, and the tests compare them against what the runner does and against
 * the Roles the runner itself creates (Kubernetes refuses to let anyone create a Role granting
 * more than they hold, unless they have `escalate`, which the runner does not get).
 */

export interface RunnerRule {
  /** '' for the core group. */
  readonly apiGroup: string;
  /** A plural resource name, or `resource/subresource`. Never `*`. */
  readonly resource: string;
  /** Never `*`, never `escalate`, `bind` or `impersonate`. */
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'] as const;
const MANAGE = [...READ, 'create', 'update', 'patch', 'delete'] as const;

const rule = (apiGroup: string, resource: string, verbs: readonly string[]): RunnerRule => ({ apiGroup, resource, verbs });

/**
 * In every namespace the runner watches (a Role there, or the ClusterRole of an all-namespaces
 * install).
 */
export const WATCHED_NAMESPACE_RULES: readonly RunnerRule[] = [
  // The RECs themselves: read and watch, write the last-applied annotation, status, finalizers.
  rule('app.redislabs.com', 'redisenterpriseclusters', [...READ, 'update', 'patch']),
  rule('app.redislabs.com', 'redisenterpriseclusters/status', ['get', 'update', 'patch']),
  // Owner references with blockOwnerDeletion: true need update on the owner's finalizers.
  rule('app.redislabs.com', 'redisenterpriseclusters/finalizers', ['update']),
  // What a REC produces: server-side applied, read back, watched and pruned.
  rule('', 'serviceaccounts', MANAGE),
  rule('', 'secrets', MANAGE),
  rule('', 'services', MANAGE),
  rule('', 'persistentvolumeclaims', MANAGE),
  rule('', 'configmaps', MANAGE),
  rule('apps', 'statefulsets', MANAGE),
  rule('apps', 'deployments', MANAGE),
  rule('policy', 'poddisruptionbudgets', MANAGE),
  rule('rbac.authorization.k8s.io', 'roles', MANAGE),
  rule('rbac.authorization.k8s.io', 'rolebindings', MANAGE),
  // Held only because each REC's Role grants them to the Redis nodes (escalation check).
  rule('', 'endpoints', MANAGE),
  rule('discovery.k8s.io', 'endpointslices', MANAGE),
  // Readiness for status; patch/update only for the escalation check, as above.
  rule('', 'pods', [...READ, 'patch', 'update']),
  // Events on the RECs (and granted to the nodes).
  rule('', 'events', ['create', 'patch']),
  rule('events.k8s.io', 'events', ['create', 'patch']),
];

/** Leader election, in the runner's own namespace only, whatever it watches. */
export const LEADER_ELECTION_RULES: readonly RunnerRule[] = [rule('coordination.k8s.io', 'leases', ['get', 'create', 'update'])];

/**
 * Only in an all-namespaces install: rack awareness makes the runner create a ClusterRole and
 * ClusterRoleBinding that let a cluster's nodes read Node objects, which it may only grant
 * because it can read them itself.
 */
export const ALL_NAMESPACES_ONLY_RULES: readonly RunnerRule[] = [
  rule('rbac.authorization.k8s.io', 'clusterroles', MANAGE),
  rule('rbac.authorization.k8s.io', 'clusterrolebindings', MANAGE),
  rule('', 'nodes', READ),
];
