/**
 * From a REC object to the objects the runner applies: the same synthesis as `render`, plus what
 * only the runner adds: owner references to the REC (garbage collection deletes the children,
 * except PVCs, which carry none so data survives), the managed-by label its informers watch, and
 * on the StatefulSet the edit basis the next edit is checked against.
 *
 * Only namespaced objects. The one cluster-scoped need, rack awareness's Node read, is a
 * ClusterRoleBinding of each REC in synthesized output; the runner instead adds the REC's
 * ServiceAccount to the one binding its install ships (node-reader-binding.ts), because RBAC
 * cannot limit creating or deleting bindings to names not known at install time.
 */
import { renderClusterManifest } from '../render.js';
import type { KubeObject, OwnerReference } from '../kube/client.js';
import type { ClusterContext } from '../cluster-context.js';
import type { EditBasis } from '../spec/edit-basis.js';
import { editBasis } from '../spec/edit-basis.js';
import { resourceFor } from '../kube/resources.js';
import { EDIT_BASIS_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './names.js';
import { requestFor, requestKey } from '../controller/request.js';
import { CONTAINER_NODE } from '../names.js';
import { imageTag } from '../spec/images.js';

/** Kinds never owned by the REC: data (PVCs; and the credentials Secret, below). */
const UNOWNED_KINDS = new Set(['PersistentVolumeClaim']);

export function ownerReferenceTo(rec: KubeObject): OwnerReference {
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
 * `existingCredentialsSecret`: the credentials Secret is the user's (the runner found it so);
 * `istioGatewaySelector`: the Istio ingress gateway's pod labels (`--istio-gateway-selector`);

 * `runningRedisEnterpriseVersion`: the tag the nodes run (runningVersion below), which a cluster
 * keeps unless its spec names a version or follows upgrades (lib/spec/images.ts).
 */
export function desiredObjects(
  rec: KubeObject,
  previousSpec?: EditBasis,
  options: {
    existingCredentialsSecret?: boolean;
    istioGatewaySelector?: Readonly<Record<string, string>>;
    runningRedisEnterpriseVersion?: string;
  } = {},
): { objects: KubeObject[]; warnings: { path: string; message: string }[]; cluster: ClusterContext } {
  const rendered = renderClusterManifest(rec, {
    // The runner makes the password itself (lib/runner/credentials.ts): no generator Job.
    passwordGenerator: false,
    // Bind the ClusterRoles the install ships: the runner holds `bind` on them, not their rules.
    useInstalledClusterRoles: true,
    ...(options.existingCredentialsSecret ? { existingCredentialsSecret: true } : {}),
    ...(options.istioGatewaySelector ? { istioGatewaySelector: options.istioGatewaySelector } : {}),
    ...(options.runningRedisEnterpriseVersion
      ? { runningRedisEnterpriseVersion: options.runningRedisEnterpriseVersion }
      : {}),
    ...(previousSpec !== undefined ? { previous: { spec: previousSpec } } : {}),
    ...(rec.metadata.namespace ? { namespace: rec.metadata.namespace } : {}),
  });
  const owner = ownerReferenceTo(rec);
  const basis = JSON.stringify(editBasis(rendered.cluster.spec));
  // The credentials Secret outlives the REC, like the volumes: the password is what their data knows.
  const owned = (object: KubeObject) =>
    !UNOWNED_KINDS.has(object.kind) &&
    !(object.kind === 'Secret' && object.metadata.name === rendered.cluster.credentials.secretName);
  const objects = rendered.objects
    .filter((object) => resourceFor(object.apiVersion, object.kind).namespaced)
    .map((object): KubeObject => ({
      ...object,
      metadata: {
        ...object.metadata,
        labels: { ...object.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
        ...(object.kind === 'StatefulSet'
          ? { annotations: { ...object.metadata.annotations, [EDIT_BASIS_ANNOTATION]: basis } }
          : {}),
        ...(owned(object) ? { ownerReferences: [owner] } : {}),
      },
    }));
  return { objects, warnings: [...rendered.warnings], cluster: rendered.cluster };
}

/**
 * An object among those of one REC: its kind and its request key (kinds share names: the
 * StatefulSet, Service and Role of a REC are all called after it). What the reconciler remembers
 * an applied object by, and what pruning keeps.
 */
export function ownedObjectKey(object: KubeObject): string {
  return `${object.kind} ${requestKey(requestFor(object))}`;
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
