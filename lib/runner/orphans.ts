/**
 * What the runner granted outside a REC's namespace that no cluster needs any more: entries of
 * the install's node-reader ClusterRoleBinding (node-reader-subjects.ts) whose REC is gone, and so
 * is its StatefulSet. Garbage collection cannot remove them; the REC's finalizer does, and the
 * runner's sweep, but only while a runner runs. A REC whose finalizer was removed by hand (its
 * runner was uninstalled first) leaves its entry behind: this finds it, so `rec-cdk8s orphans
 * --delete` can remove it later, safely.
 *
 * A cluster deleted with `--cascade=orphan` still runs (its StatefulSet is there) and its pods
 * still read nodes through the binding: that entry is kept.
 */
import type { KubeClient } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { clusterObjectNames } from '../api/names.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../api/node-rbac.js';
import { recordedRecs, type NodeReaderBinding } from './node-reader-subjects.js';
import { requestFromKey } from '../controller/request.js';

export interface OrphanedEntry {
  /** The REC it was made for. */
  readonly namespace: string;
  readonly cluster: string;
  /** Its ServiceAccount, a subject of the binding (unless another REC still needs it). */
  readonly serviceAccount: string;
}

/** Every entry of the node-reader binding whose cluster is gone (REC and StatefulSet). */
export async function findOrphanedNodeReaders(client: KubeClient): Promise<OrphanedEntry[]> {
  const binding = await client.get<NodeReaderBinding>(
    RESOURCE.clusterRoleBinding,
    undefined,
    NODE_READER_CLUSTER_ROLE_BINDING,
  );
  const orphans: OrphanedEntry[] = [];
  for (const [key, serviceAccount] of recordedRecs(binding)) {
    const { namespace, name: cluster } = requestFromKey(key);
    if (await client.get(RESOURCE.redisEnterpriseCluster, namespace, cluster)) continue;
    if (await client.get(RESOURCE.statefulSet, namespace, clusterObjectNames(cluster).statefulSet)) continue;
    orphans.push({ namespace, cluster, serviceAccount });
  }
  return orphans;
}
