/**
 * What a REC's pods (the nodes and the services rigger) may do, as data, and the names of the
 * ClusterRoles the runner's install ships with these rules. Synthesized output (GitOps, no
 * runner) puts the rules in a Role of each cluster; the runner instead binds the installed
 * ClusterRoles, so it never has to hold these permissions itself just to grant them (Kubernetes
 * lets one grant only what one holds, or what one may `bind`).
 */
import type { ClusterContext } from './cluster-context.js';

export interface PolicyRule {
  /** '' for the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'] as const;
const MANAGE = [...READ, 'create', 'update', 'patch', 'delete'] as const;
const rule = (apiGroup: string, resource: string, verbs: readonly string[]): PolicyRule => ({
  apiGroup,
  resource,
  verbs,
});

/**
 * The node pods and the services rigger, in their namespace: manage the database Services and
 * their endpoints, tag the master pod, keep state in ConfigMaps, read the StatefulSet, record
 * events. Secrets are not here: they are granted by name, per cluster (`nodeSecretNames`).
 */
export const NODE_RULES: readonly PolicyRule[] = [
  rule('', 'services', MANAGE),
  rule('', 'endpoints', MANAGE),
  rule('discovery.k8s.io', 'endpointslices', MANAGE),
  rule('', 'pods', [...READ, 'patch', 'update']),
  rule('', 'configmaps', [...READ, 'create', 'update', 'patch']),
  rule('', 'events', ['create', 'patch']),
  rule('apps', 'statefulsets', READ),
];

/** Rack awareness: the nodes learn their rack from a label of the Node they run on. */
export const NODE_READER_RULES: readonly PolicyRule[] = [rule('', 'nodes', READ)];

/**
 * Installed with the runner, fixed names: every runner install ships the same two ClusterRoles
 * (same rules, so two installs applying them never disagree).
 */
export const NODE_CLUSTER_ROLE = 'redis-enterprise-node';
export const NODE_READER_CLUSTER_ROLE = 'redis-enterprise-node-reader';
/**
 * The one ClusterRoleBinding of `redis-enterprise-node-reader`, shipped by the all-namespaces
 * install without subjects: the runner adds each rack-aware REC's ServiceAccount to it and removes
 * it again (lib/runner/node-reader-binding.ts), so it needs no right to create or delete any
 * binding, and may write this one only.
 */
export const NODE_READER_CLUSTER_ROLE_BINDING = 'redis-enterprise-node-reader';

/**
 * The Secrets a cluster's pods read, and nothing else of the namespace: the credentials Secret
 * and, when there is one, the license Secret. Granted with `get` by `resourceNames` (RBAC cannot
 * limit a list or a watch by name except for a single object, and the pods read these by name).
 * Vault: nothing (the nodes read Vault itself).
 */
export function nodeSecretNames(cluster: ClusterContext): string[] {
  const { credentials, spec } = cluster;
  if (credentials.inVault) return [];
  const names = [credentials.secretName];
  if (spec.licenseSecretName) names.push(spec.licenseSecretName);
  // An inline license lives in the credentials Secret when that is ours, else in `<rec>-license`.
  else if (spec.license && !credentials.managed) names.push(cluster.names.licenseSecret);
  return [...new Set(names)];
}
