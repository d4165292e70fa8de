import { RESOURCE } from '../kube/resources.js';

/**
 * The namespaced kinds a REC produces that the runner watches (by label). Not Secrets: RBAC cannot
 * limit a watch to our label, so they are read by name instead (secret-store.ts). Nothing
 * cluster-scoped: rack awareness's Node read is a subject of the install's binding
 * (node-reader-binding.ts), not an object of the REC's.
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

/** Every namespaced kind a REC can produce: what the runner may prune. */
export const OWNED_TYPES = [...WATCHED_OWNED_TYPES, RESOURCE.secret] as const;
