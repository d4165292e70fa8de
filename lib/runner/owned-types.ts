import { RESOURCE, resourceFor, type ResourceType } from '../kube/resources.js';
import { INGRESS_METHOD_KINDS } from '../ingress-kinds.js';
import type { IngressMethod } from '../spec/external-access.js';

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

/**
 * Kinds a REC produces only with an option the install must enable (it grants their rules only
 * then: constructs/runner/rbac-rules.ts): the usage meter's CronJob. Watched by label like the
 * rest when the runner may (lib/runner/features.ts); their cache is empty otherwise.
 */
export const FEATURE_OWNED_TYPES = [RESOURCE.cronJob] as const;

/**
 * The kinds of the ingress methods the install enables (`--ingress`, `--istio`, `--openshift-route`):
 * watched, applied and pruned like the kinds above, and never otherwise (they may not exist on the
 * cluster, and the runner holds no permission on them).
 */
export function ingressOwnedTypes(enabled: Iterable<IngressMethod>): ResourceType[] {
  return [...enabled].flatMap((method) =>
    INGRESS_METHOD_KINDS[method].kinds.map((k) => resourceFor(k.apiVersion, k.kind)),
  );
}

/** Every namespaced kind a REC can produce without an ingress method: what the runner may prune. */
export const OWNED_TYPES = [...WATCHED_OWNED_TYPES, ...FEATURE_OWNED_TYPES, RESOURCE.secret] as const;
