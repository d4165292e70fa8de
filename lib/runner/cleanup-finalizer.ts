/**
 * What a rack-aware REC has outside its namespace (its ServiceAccount as a subject of the install's
 * node-reader ClusterRoleBinding) cannot be garbage-collected with it: no owner reference can
 * point from a cluster-scoped object to a namespaced one, and a subject is not an object anyway.
 * While a REC is rack-aware it carries a finalizer of ours; when it is deleted, or rack awareness
 * is turned off, the runner removes its subject and drops the finalizer. The finalizer has a field
 * manager of its own, so no other apply of the REC's metadata by the runner can remove it. (Its
 * name says "cluster-scoped" for what it guards: RECs already carry it under that name.)
 *
 * With orphan propagation (`kubectl delete rec X --cascade=orphan`) nothing of the REC is deleted:
 * its pods keep running and still read nodes through the binding, so the finalizer is dropped
 * and the subject kept (see `orphanedDeletion`); the runner's sweep and `rec-cdk8s orphans`
 * remove it once that cluster's StatefulSet is gone too.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { RESOURCE, resourceFor } from '../kube/resources.js';
import { clusterObjectNames } from '../api/names.js';
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
 * collector's writes yet; taking the Node read from a running cluster on a stale read is the
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
