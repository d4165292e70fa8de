/**
 * Cluster-scoped objects the runner made (the rack-awareness node reader) that no cluster needs
 * any more. Garbage collection cannot remove them (a namespaced REC cannot own them); the REC's
 * finalizer does, but only while a runner runs. A REC whose finalizer was removed by hand (its
 * runner was uninstalled first) leaves them behind: this finds them, so `rec-cdk8s orphans
 * --delete` can remove them later, safely.
 *
 * An object is orphaned when its REC is gone and so is its StatefulSet. A cluster deleted with
 * `--cascade=orphan` still runs (its StatefulSet is there) and its pods still read nodes through
 * the node reader: that one is kept.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { CLUSTER_LABEL, clusterObjectNames } from '../names.js';
import { MANAGED_SELECTOR } from './names.js';
import { CLUSTER_SCOPED_OWNED_TYPES } from './owned-types.js';

export interface OrphanedObject {
  readonly object: KubeObject;
  /** The REC it was made for. */
  readonly namespace: string;
  readonly cluster: string;
}

/** The REC namespace that `name` encodes for the REC `cluster`, if it is a node reader name. */
export function nodeReaderNamespace(name: string, cluster: string): string | undefined {
  const [prefix, suffix] = clusterObjectNames(cluster).nodeReaderClusterRole('\0').split('\0') as [string, string];
  if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length)
    return undefined;
  return name.slice(prefix.length, name.length - suffix.length);
}

/** Every cluster-scoped object of ours whose cluster is gone (REC and StatefulSet). */
export async function findOrphanedClusterScoped(client: KubeClient): Promise<OrphanedObject[]> {
  const orphans: OrphanedObject[] = [];
  for (const type of CLUSTER_SCOPED_OWNED_TYPES) {
    const { items } = await client.list(type, { labelSelector: `${MANAGED_SELECTOR},${CLUSTER_LABEL}` });
    for (const object of items) {
      const cluster = object.metadata.labels![CLUSTER_LABEL]!;
      const namespace = nodeReaderNamespace(object.metadata.name, cluster);
      // A name we do not recognise: not ours to judge.
      if (namespace === undefined) continue;
      if (await client.get(RESOURCE.redisEnterpriseCluster, namespace, cluster)) continue;
      if (await client.get(RESOURCE.statefulSet, namespace, clusterObjectNames(cluster).statefulSet)) continue;
      orphans.push({ object, namespace, cluster });
    }
  }
  return orphans;
}
