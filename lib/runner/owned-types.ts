import { RESOURCE } from '../kube/resources.js';

/**
 * The namespaced kinds a REC produces that the runner watches (by label). Not Secrets: RBAC cannot
 * limit a watch to our label, so they are read by name instead (secret-store.ts).
 */
export const WATCHED_OWNED_TYPES = [
  RESOURCE.serviceAccount,
  RESOURCE.role,
  RESOURCE.roleBinding,
  RESOURCE.service,
  RESOURCE.statefulSet,
  RESOURCE.podDisruptionBudget,
  RESOURCE.deployment,
  RESOURCE.persistentVolumeClaim,
] as const;

/**
 * Kinds a REC produces only with an option the install must enable (it grants their rules only
 * then: constructs/runner/rbac-rules.ts): the usage meter's CronJob. Watched by label like the
 * rest when the runner may (lib/runner/features.ts); their cache is empty otherwise.
 */
export const FEATURE_OWNED_TYPES = [RESOURCE.cronJob] as const;

/** Every namespaced kind a REC can produce: what the runner may prune. */
export const OWNED_TYPES = [...WATCHED_OWNED_TYPES, ...FEATURE_OWNED_TYPES, RESOURCE.secret] as const;

/**
 * Cluster-scoped kinds: only with rack awareness, only in an all-namespaces install. Only the
 * binding: its ClusterRole is the install's (redis-enterprise-node-reader), never the runner's.
 */
export const CLUSTER_SCOPED_OWNED_TYPES = [RESOURCE.clusterRoleBinding] as const;
