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
import { RESOURCE } from '../kube/resources.js';
import { groupResource, mayDo } from './access-review.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../api/node-rbac.js';
import { requestFor, requestKey, type Request } from '../controller/request.js';
import { nodeReaderNeed, withRec, type NodeReaderBinding } from './node-reader-subjects.js';

/** The field selector of the binding's informer. */
export const NODE_READER_BINDING_SELECTOR = `metadata.name=${NODE_READER_CLUSTER_ROLE_BINDING}`;

/** True when this identity may list and watch the node-reader binding. */
export async function mayWatchNodeReaderBinding(client: KubeClient): Promise<boolean> {
  const binding = { ...groupResource(RESOURCE.clusterRoleBinding), name: NODE_READER_CLUSTER_ROLE_BINDING };
  for (const verb of ['list', 'watch']) if (!(await mayDo(client, binding, verb))) return false;
  return true;
}

/**
 * The request of the binding's sweep (runner.ts): the binding's own, namespace ''. No REC's
 * request is cluster-scoped, so it never collides with one.
 */
export const NODE_READER_SWEEP_REQUEST: Request = { namespace: '', name: NODE_READER_CLUSTER_ROLE_BINDING };

/** Whether `request` is the sweep's rather than a REC's. */
export function isNodeReaderSweep(request: Request): boolean {
  return requestKey(request) === requestKey(NODE_READER_SWEEP_REQUEST);
}

/**
 * What a change to the binding wakes, from the binding as cached now (undefined: it is gone), never
 * from the event: the sweep, and each REC the binding does not serve as that REC needs (a subject
 * taken out is put back). Not every REC: a write for one REC wakes no other.
 */
export function nodeReaderRequests(binding: NodeReaderBinding | undefined, recs: readonly KubeObject[]): Request[] {
  const requests = [NODE_READER_SWEEP_REQUEST];
  for (const rec of recs) {
    const request = requestFor(rec);
    const need = nodeReaderNeed(rec);
    if (binding ? withRec(binding, requestKey(request), need) !== undefined : need !== undefined)
      requests.push(request);
  }
  return requests;
}
