/**
 * Watching the cluster-scoped objects a REC makes (the rack-awareness node reader), so that an
 * idle resync finds them in the cache and applies nothing. Only an install that may create them
 * (the all-namespaces install, whose ClusterRole lets the runner manage ClusterRoles) can watch
 * them; a namespaced install would get 403 forever and never sync. So the runner asks the API
 * server what it may do, once at start, instead of guessing from its flags: a runner watching one
 * namespace with the cluster-wide install still needs them.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { CLUSTER_LABEL, clusterObjectNames } from '../names.js';

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
      } as KubeObject);
      if (!review.status?.allowed) return false;
    }
  }
  return true;
}

/**
 * The REC a cluster-scoped object belongs to, as `namespace/name`. Such an object has no namespace
 * and no owner reference; its name holds both, but ambiguously (namespaces contain '-'), so it is
 * matched against the RECs whose name is its cluster label.
 */
export function clusterScopedOwnerKey(object: KubeObject, recs: readonly KubeObject[]): string | undefined {
  const cluster = object.metadata.labels?.[CLUSTER_LABEL];
  if (!cluster) return undefined;
  const rec = recs.find((r) => r.metadata.name === cluster && clusterObjectNames(cluster).nodeReaderClusterRole(r.metadata.namespace ?? 'default') === object.metadata.name);
  return rec ? `${rec.metadata.namespace}/${rec.metadata.name}` : undefined;
}
