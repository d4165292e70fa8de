/**
 * From a REC object to the objects the runner applies: the same synthesis as `render`, plus what
 * only the runner adds: owner references to the REC (garbage collection deletes the children,
 * except PVCs, which carry none so data survives), the managed-by label its informers watch, and
 * on the StatefulSet the edit basis the next edit is checked against.
 */
import { renderClusterManifest, type KubernetesObject } from '../render.js';
import type { KubeObject, OwnerReference } from '../kube/client.js';
import type { ClusterManifest } from '../spec/manifest.js';
import type { ClusterContext } from '../cluster-context.js';
import type { EditBasis } from '../spec/edit-basis.js';
import { editBasis } from '../spec/edit-basis.js';
import { resourceFor } from '../kube/resources.js';
import { EDIT_BASIS_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './constants.js';
import { CONTAINER_NODE, OWNER_UID_LABEL } from '../names.js';
import { imageTag } from '../spec/images.js';

/** Kinds never owned by the REC: data (PVCs; and the credentials Secret, below) and cluster-scoped objects (a namespaced owner is invalid there). */
const UNOWNED_KINDS = new Set(['PersistentVolumeClaim', 'ClusterRole', 'ClusterRoleBinding']);

export function ownerReferenceTo(rec: ClusterManifest): OwnerReference {
  return {
    apiVersion: rec.apiVersion,
    kind: rec.kind,
    name: rec.metadata.name,
    uid: rec.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Objects to apply for `rec`, in apply order. Throws ClusterSpecError when the spec is invalid. */
/**
 * `existingCredentialsSecret`: the credentials Secret is the user's (the runner found it so).
 * `runningRedisEnterpriseVersion`: the tag the nodes run (runningVersion below), which a cluster
 * keeps unless its spec names a version or follows upgrades (lib/spec/images.ts).
 */
export function desiredObjects(
  rec: ClusterManifest,
  previousSpec?: EditBasis,
  options: { existingCredentialsSecret?: boolean; runningRedisEnterpriseVersion?: string } = {},
): { objects: KubeObject[]; warnings: { path: string; message: string }[]; cluster: ClusterContext } {
  const rendered = renderClusterManifest(rec, {
    // The runner makes the password itself (lib/runner/credentials.ts): no generator Job.
    passwordGenerator: false,
    // Bind the ClusterRoles the install ships: the runner holds `bind` on them, not their rules.
    useInstalledClusterRoles: true,
    ...(options.existingCredentialsSecret ? { existingCredentialsSecret: true } : {}),
    ...(options.runningRedisEnterpriseVersion
      ? { runningRedisEnterpriseVersion: options.runningRedisEnterpriseVersion }
      : {}),
    ...(previousSpec !== undefined ? { previous: { spec: previousSpec } } : {}),
    ...(rec.metadata.namespace ? { namespace: rec.metadata.namespace } : {}),
  });
  const owner = ownerReferenceTo(rec);
  const basis = JSON.stringify(editBasis(rendered.cluster.spec));
  // The credentials Secret outlives the REC, like the volumes: the password is what their data knows.
  const owned = (object: KubernetesObject) =>
    !UNOWNED_KINDS.has(object.kind) &&
    !(object.kind === 'Secret' && object.metadata.name === rendered.cluster.credentials.secretName);
  const objects = rendered.objects.map((object: KubernetesObject): KubeObject => ({
    ...object,
    metadata: {
      ...withoutNamespaceIfClusterScoped(object.metadata, object),
      labels: {
        ...object.metadata.labels,
        [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
        // No owner reference can say whose a cluster-scoped object is: a label with the REC's uid does.
        ...(resourceFor(object.apiVersion, object.kind).namespaced
          ? {}
          : { [OWNER_UID_LABEL]: rec.metadata.uid ?? '' }),
      },
      ...(object.kind === 'StatefulSet'
        ? { annotations: { ...object.metadata.annotations, [EDIT_BASIS_ANNOTATION]: basis } }
        : {}),
      ...(owned(object) ? { ownerReferences: [owner] } : {}),
    },
  }));
  return { objects, warnings: [...rendered.warnings], cluster: rendered.cluster };
}

/**
 * The chart's namespace lands on every object, cluster-scoped ones too; the API server ignores it
 * there, so the live object never has it and the cache is keyed without it: keeping it would make
 * the object look different from the cache on every reconcile.
 */
function withoutNamespaceIfClusterScoped(
  metadata: KubernetesObject['metadata'],
  object: KubernetesObject,
): KubernetesObject['metadata'] {
  if (resourceFor(object.apiVersion, object.kind).namespaced) return metadata;
  const { namespace: _ignored, ...rest } = metadata;
  return rest;
}

export function objectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string; name: string };
}): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** The Redis Enterprise version tag the StatefulSet's nodes run; undefined without one (or by digest). */
export function runningVersion(statefulSet: KubeObject | undefined): string | undefined {
  const containers =
    (statefulSet?.spec as { template?: { spec?: { containers?: { name: string; image?: string }[] } } } | undefined)
      ?.template?.spec?.containers ?? [];
  const image = containers.find((c) => c.name === CONTAINER_NODE)?.image;
  return image ? imageTag(image) : undefined;
}

/** The edit basis the StatefulSet was last applied with; undefined when absent or unreadable. */
export function appliedEditBasis(statefulSet: KubeObject | undefined): EditBasis | undefined {
  const text = statefulSet?.metadata.annotations?.[EDIT_BASIS_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as EditBasis;
  } catch {
    return undefined;
  }
}
