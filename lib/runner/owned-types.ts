import { RESOURCE } from '../kube/resources.js';

/** Every kind a REC can produce; what the runner watches (by label) and may prune. */
export const OWNED_TYPES = [
  RESOURCE.serviceAccount,
  RESOURCE.role,
  RESOURCE.roleBinding,
  RESOURCE.secret,
  RESOURCE.service,
  RESOURCE.statefulSet,
  RESOURCE.podDisruptionBudget,
  RESOURCE.deployment,
  RESOURCE.persistentVolumeClaim,
] as const;

/** Cluster-scoped kinds: only with rack awareness, only in an all-namespaces install. */
export const CLUSTER_SCOPED_OWNED_TYPES = [RESOURCE.clusterRole, RESOURCE.clusterRoleBinding] as const;
