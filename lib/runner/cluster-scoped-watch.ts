/**
 * Watching the cluster-scoped objects a REC makes (the rack-awareness node reader), so that an
 * idle resync finds them in the cache and applies nothing. Only an install that may create them
 * (the all-namespaces install, whose ClusterRole lets the runner manage ClusterRoleBindings) can watch
 * them; a namespaced install would get 403 forever and never sync. So the runner asks the API
 * server what it may do, once at start, instead of guessing from its flags: a runner watching one
 * namespace with the cluster-wide install still needs them.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from '../names.js';
import { groupResource, mayDo } from './access-review.js';

/** True when this identity may list and watch every type in `types` cluster-wide. */
export async function mayWatchClusterWide(client: KubeClient, types: readonly ResourceType[]): Promise<boolean> {
  for (const type of types) {
    for (const verb of ['list', 'watch']) if (!(await mayDo(client, groupResource(type), verb))) return false;
  }
  return true;
}

/**
 * The REC a cluster-scoped object belongs to, as `namespace/name`, from its owner labels (it can
 * have no namespace and no owner reference); only a REC that exists, under that name.
 */
export function clusterScopedOwnerKey(object: KubeObject, recs: readonly KubeObject[]): string | undefined {
  const namespace = object.metadata.labels?.[OWNER_NAMESPACE_LABEL];
  const name = object.metadata.labels?.[OWNER_NAME_LABEL];
  if (!namespace || !name) return undefined;
  return recs.some((r) => r.metadata.namespace === namespace && r.metadata.name === name)
    ? `${namespace}/${name}`
    : undefined;
}
