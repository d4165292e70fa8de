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
import type { Request } from '../controller/request.js';

/** True when this identity may list and watch every type in `types` cluster-wide. */
export async function mayWatchClusterWide(client: KubeClient, types: readonly ResourceType[]): Promise<boolean> {
  for (const type of types) {
    for (const verb of ['list', 'watch']) {
      const [group] = type.apiVersion.includes('/') ? type.apiVersion.split('/') : [''];
      const review = await client.create<KubeObject & { status?: { allowed?: boolean } }>({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {} as KubeObject['metadata'],
        spec: { resourceAttributes: { group, resource: type.plural, verb } },
      });
      if (!review.status?.allowed) return false;
    }
  }
  return true;
}

/**
 * The REC a cluster-scoped object belongs to, from its owner labels (it can have no namespace and
 * no owner reference); only a REC that exists, under that name.
 */
export function clusterScopedOwner(object: KubeObject, recs: readonly KubeObject[]): Request | undefined {
  const namespace = object.metadata.labels?.[OWNER_NAMESPACE_LABEL];
  const name = object.metadata.labels?.[OWNER_NAME_LABEL];
  if (!namespace || !name) return undefined;
  return recs.some((r) => r.metadata.namespace === namespace && r.metadata.name === name)
    ? { namespace, name }
    : undefined;
}
