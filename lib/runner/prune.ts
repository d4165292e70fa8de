/**
 * The prune step of a reconcile: delete what the REC owns (its label and its owner reference)
 * and the spec no longer asks for. Volume claims are data, never deleted; a Secret holding a
 * password is let go of, never deleted (like the volumes, it outlives the REC).
 */
import type { KubeObject } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { CLUSTER_LABEL } from '../api/names.js';
import { ownedObjectKey } from './desired-objects.js';
import type { CredentialsKeeper } from './credentials.js';
import type { ReconcilerDeps } from './reconciler.js';

/** What the prune step needs of the reconciler's dependencies. */
export type PruneDeps = Pick<ReconcilerDeps, 'client' | 'cache' | 'metrics' | 'secrets'>;

/**
 * Delete every object of `rec`, among the kinds `types` (what the runner watches: the ingress
 * methods' kinds only when its install enables them), whose `ownedObjectKey` is not in `keep`, each only if it is still
 * the object read (its uid as a precondition); forget it in `applied`. Returns `Kind name` of each.
 */
export async function pruneOwned(
  deps: PruneDeps,
  credentials: Pick<CredentialsKeeper, 'release'>,
  rec: KubeObject,
  types: readonly ResourceType[],
  keep: ReadonlySet<string>,
  applied: Map<string, string>,
): Promise<string[]> {
  const pruned: string[] = [];
  for (const type of types) {
    // Claims are data: never deleted by the runner, whatever the spec says.
    if (type.kind === 'PersistentVolumeClaim') continue;
    for (const object of deps.cache.list(type, rec.metadata.namespace)) {
      if (object.metadata.labels?.[CLUSTER_LABEL] !== rec.metadata.name) continue;
      if (!object.metadata.ownerReferences?.some((o) => o.uid === rec.metadata.uid)) continue;
      const id = ownedObjectKey(object);
      if (keep.has(id)) continue;
      // A password is never deleted (a renamed credentials Secret from an older runner): let it go instead.
      if (type.kind === 'Secret' && (object.data as Record<string, string> | undefined)?.password) {
        await credentials.release(object, rec.metadata.uid ?? '');
        continue;
      }
      await deps.client.delete(type, object.metadata.namespace, object.metadata.name, {
        ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
      });
      if (type.kind === 'Secret') deps.secrets?.invalidate(object.metadata.namespace ?? '', object.metadata.name);
      applied.delete(id);
      deps.metrics?.objectPruned(type.kind);
      pruned.push(`${type.kind} ${object.metadata.name}`);
    }
  }
  return pruned;
}
