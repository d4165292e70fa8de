/**
 * The RedisEnterpriseCluster resource around the spec: group, versions, kind, and the rule on its
 * name (every object we create derives its name from it).
 */
import { DNS_1035_LABEL, DNS_LABEL, MAX_CLUSTER_NAME_LENGTH, celPattern } from './names-format.js';
import { shown } from './shown.js';

export const GROUP = 'app.redislabs.com';
export const KIND = 'RedisEnterpriseCluster';
export const LIST_KIND = 'RedisEnterpriseClusterList';
export const PLURAL = 'redisenterpriseclusters';
export const SINGULAR = 'redisenterprisecluster';
export const SHORT_NAMES = ['rec'] as const;
/** `v1` is stored; `v1alpha1` is served with the same shape, for manifests written for older operators. */
export const VERSIONS = ['v1', 'v1alpha1'] as const;
export const STORAGE_VERSION = 'v1';
export const API_VERSIONS = VERSIONS.map((v) => `${GROUP}/${v}`);

export const CLUSTER_NAME_MESSAGE = `must be a DNS-1035 label of at most ${MAX_CLUSTER_NAME_LENGTH} characters (lowercase letters, digits and '-', starting with a letter), since the names of the Services and pods are built from it`;

export function clusterNameHolds(name: string): boolean {
  return name.length <= MAX_CLUSTER_NAME_LENGTH && DNS_1035_LABEL.test(name);
}

/**
 * Namespaces are DNS-1123 labels; every namespaced object we render carries the REC's. The API
 * server checks it itself (a REC cannot be created in a namespace that cannot exist), so there is
 * no CEL for it; the CLI and the construct check it for manifests and charts that set one.
 */
export const NAMESPACE_MESSAGE =
  "must be a namespace name: a DNS label of lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters";

export function namespaceProblem(namespace: unknown): { path: string; message: string } | undefined {
  if (namespace === undefined) return undefined;
  if (typeof namespace === 'string' && namespace.length <= 63 && DNS_LABEL.test(namespace)) return undefined;
  return { path: 'metadata.namespace', message: `${NAMESPACE_MESSAGE} (got ${shown(namespace)})` };
}

/** The same rule for the CRD's root, where CEL may read `metadata.name`. */
export const CLUSTER_NAME_CEL = `size(self.metadata.name) <= ${MAX_CLUSTER_NAME_LENGTH} && self.metadata.name.matches('${celPattern(DNS_1035_LABEL)}')`;

/** The CEL message, quoting the name as the CLI does. */
export const CLUSTER_NAME_CEL_MESSAGE_EXPRESSION = `'${CLUSTER_NAME_MESSAGE.replace(/'/g, "\\'")} (got "' + self.metadata.name + '")'`;
