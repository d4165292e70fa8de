/**
 * Whether this runner watches the install's node-reader ClusterRoleBinding: only the
 * all-namespaces install lets it (by name); a namespaced install would get 403 forever and never
 * sync. So the runner asks the API server, once at start, instead of guessing from its flags: a
 * runner watching one namespace with the cluster-wide install still needs it.
 *
 * RBAC limits a list or a watch by `resourceNames` only when the request selects that one name
 * (`fieldSelector=metadata.name=...`): the informer does, and the question names it too.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../node-rbac.js';

/** The field selector of the binding's informer. */
export const NODE_READER_BINDING_SELECTOR = `metadata.name=${NODE_READER_CLUSTER_ROLE_BINDING}`;

/** True when this identity may list and watch the node-reader binding. */
export async function mayWatchNodeReaderBinding(client: KubeClient): Promise<boolean> {
  for (const verb of ['list', 'watch']) {
    const review = await client.create<KubeObject & { status?: { allowed?: boolean } }>({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {} as KubeObject['metadata'],
      spec: {
        resourceAttributes: {
          group: 'rbac.authorization.k8s.io',
          resource: 'clusterrolebindings',
          name: NODE_READER_CLUSTER_ROLE_BINDING,
          verb,
        },
      },
    });
    if (!review.status?.allowed) return false;
  }
  return true;
}
