/**
 * Cluster-scoped objects (the rack-awareness node reader) cannot be owned by a namespaced REC:
 * garbage collection will not delete them. While a REC has them, it carries a finalizer of ours;
 * when the REC is deleted, or rack awareness is turned off, we delete them and drop the finalizer.
 * The finalizer has a field manager of its own, so no other apply of the REC's metadata by the
 * runner can remove it.
 */
import { KubeApiError, type KubeClient } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { clusterObjectNames } from '../names.js';
import type { ClusterManifest } from '../spec/manifest.js';

export const CLEANUP_FINALIZER = 'rec-cdk8s.io/cluster-scoped-cleanup';
const FINALIZER_FIELD_MANAGER = 'rec-cdk8s-finalizer';

type Rec = ClusterManifest & { metadata: ClusterManifest['metadata'] & { finalizers?: string[] } };

export function hasCleanupFinalizer(rec: Rec): boolean {
  return rec.metadata.finalizers?.includes(CLEANUP_FINALIZER) ?? false;
}

export async function setCleanupFinalizer(client: KubeClient, rec: Rec, present: boolean): Promise<void> {
  await client.apply(
    {
      apiVersion: rec.apiVersion,
      kind: rec.kind,
      metadata: { name: rec.metadata.name, namespace: rec.metadata.namespace ?? 'default', finalizers: present ? [CLEANUP_FINALIZER] : [] },
    },
    { fieldManager: FINALIZER_FIELD_MANAGER, force: true },
  );
}

/** Delete the REC's cluster-scoped objects; returns what was deleted. */
export async function deleteClusterScoped(client: KubeClient, rec: Rec): Promise<string[]> {
  const name = clusterObjectNames(rec.metadata.name).nodeReaderClusterRole(rec.metadata.namespace ?? 'default');
  const deleted: string[] = [];
  for (const type of [RESOURCE.clusterRoleBinding, RESOURCE.clusterRole]) {
    try {
      if (await client.delete(type, undefined, name)) deleted.push(`${type.kind} ${name}`);
    } catch (error) {
      // A namespaced install may not touch cluster-scoped objects: then it never created them
      // either, and the REC must not hang in deletion on our finalizer.
      if (!(error instanceof KubeApiError && error.code === 403)) throw error;
    }
  }
  return deleted;
}
