/**
 * Cluster-scoped objects (the rack-awareness node reader) cannot be owned by a namespaced REC:
 * garbage collection will not delete them. While a REC has them, it carries a finalizer of ours;
 * when the REC is deleted, or rack awareness is turned off, we delete them and drop the finalizer.
 * The finalizer has a field manager of its own, so no other apply of the REC's metadata by the
 * runner can remove it.
 *
 * With orphan propagation (`kubectl delete rec X --cascade=orphan`) nothing of the REC is deleted:
 * its pods keep running and still read nodes through the node reader, so the finalizer is dropped
 * and the cluster-scoped objects are kept (see `orphanedDeletion`).
 */
import { KubeApiError, type KubeClient } from '../kube/client.js';
import { RESOURCE, resourceFor } from '../kube/resources.js';
import type { KubeObject } from '../kube/client.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, OWNER_UID_LABEL, clusterObjectNames } from '../names.js';
import { CLUSTER_SCOPED_OWNED_TYPES } from './owned-types.js';
import { CLEANUP_FINALIZER, FINALIZER_FIELD_MANAGER } from './names.js';

export function hasCleanupFinalizer(rec: KubeObject): boolean {
  return rec.metadata.finalizers?.includes(CLEANUP_FINALIZER) ?? false;
}

export async function setCleanupFinalizer(
  client: Pick<KubeClient, 'apply' | 'patch'>,
  rec: KubeObject,
  present: boolean,
): Promise<void> {
  if (!present) {
    // Remove exactly our entry, at the index this REC shows it, and nothing else: the `orphan` and
    // `foregroundDeletion` finalizers the API server adds on delete must stay for the garbage
    // collector, or dependents keep an owner reference to a REC that is gone and get collected.
    const index = rec.metadata.finalizers?.indexOf(CLEANUP_FINALIZER) ?? -1;
    if (index < 0) return;
    await client.patch(
      resourceFor(rec.apiVersion, rec.kind),
      rec.metadata.namespace ?? 'default',
      rec.metadata.name,
      [
        { op: 'test', path: `/metadata/finalizers/${index}`, value: CLEANUP_FINALIZER },
        { op: 'remove', path: `/metadata/finalizers/${index}` },
      ],
      { patchType: 'json', fieldManager: FINALIZER_FIELD_MANAGER },
    );
    return;
  }
  await client.apply(
    {
      apiVersion: rec.apiVersion,
      kind: rec.kind,
      metadata: {
        name: rec.metadata.name,
        namespace: rec.metadata.namespace ?? 'default',
        finalizers: [CLEANUP_FINALIZER],
      },
    },
    { fieldManager: FINALIZER_FIELD_MANAGER, force: true },
  );
}

/** The finalizers the API server and garbage collector use for the propagation policy. */
const ORPHAN_FINALIZER = 'orphan';
const FOREGROUND_FINALIZER = 'foregroundDeletion';

/**
 * Whether the REC is being deleted with orphan propagation, so that what it made must stay.
 *
 * A delete with `propagationPolicy: Orphan` sets `deletionTimestamp` and adds the `orphan`
 * finalizer in one write; the garbage collector then removes the REC's owner references from its
 * dependents and only then removes `orphan`. So while `orphan` is there, the answer is yes; once it
 * is gone (our look came late), the dependents tell: orphaned ones no longer name the REC as an
 * owner. They are read from the API server, not the cache, which may not have the garbage
 * collector's writes yet; deleting the node reader of a running cluster on a stale read is the
 * mistake this guards against.
 */
export async function orphanedDeletion(client: Pick<KubeClient, 'get'>, rec: KubeObject): Promise<boolean> {
  const finalizers = rec.metadata.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) return true;
  if (finalizers.includes(FOREGROUND_FINALIZER)) return false;
  const namespace = rec.metadata.namespace ?? 'default';
  const names = clusterObjectNames(rec.metadata.name);
  // Made for every REC, whatever its spec; the first that still exists decides.
  for (const [type, name] of [
    [RESOURCE.statefulSet, names.statefulSet],
    [RESOURCE.role, names.role],
    [RESOURCE.roleBinding, names.roleBinding],
  ] as const) {
    const live = await client.get<KubeObject>(type, namespace, name);
    if (live) return !live.metadata.ownerReferences?.some((ref) => ref.uid === rec.metadata.uid);
  }
  return false;
}

/**
 * Whether a cluster-scoped object is this REC's: its labels name the REC's namespace, name and
 * uid. A name alone is not enough: anyone may have made an object of that name, and a REC of the
 * same name re-created since has another uid.
 */
export function ownedBy(object: KubeObject, rec: KubeObject): boolean {
  const labels = object.metadata.labels ?? {};
  return (
    labels[OWNER_NAMESPACE_LABEL] === (rec.metadata.namespace ?? 'default') &&
    labels[OWNER_NAME_LABEL] === rec.metadata.name &&
    !!rec.metadata.uid &&
    labels[OWNER_UID_LABEL] === rec.metadata.uid
  );
}

/**
 * Delete the REC's cluster-scoped objects (the node reader's ClusterRoleBinding), only those whose
 * labels say they are its own, with the uid read as a precondition (an object replaced since is
 * left alone). Returns what was deleted.
 */
export async function deleteClusterScoped(
  client: Pick<KubeClient, 'get' | 'delete'>,
  rec: KubeObject,
): Promise<string[]> {
  const name = clusterObjectNames(rec.metadata.name).nodeReaderClusterRole(rec.metadata.namespace ?? 'default');
  const deleted: string[] = [];
  for (const type of CLUSTER_SCOPED_OWNED_TYPES) {
    try {
      const live = await client.get(type, undefined, name);
      if (!live || !ownedBy(live, rec)) continue;
      if (await client.delete(type, undefined, name, { ...(live.metadata.uid ? { uid: live.metadata.uid } : {}) }))
        deleted.push(`${type.kind} ${name}`);
    } catch (error) {
      // A namespaced install may not touch cluster-scoped objects: then it never created them
      // either, and the REC must not hang in deletion on our finalizer. 409: replaced since, not ours.
      if (!(error instanceof KubeApiError && (error.code === 403 || error.code === 409))) throw error;
    }
  }
  return deleted;
}
