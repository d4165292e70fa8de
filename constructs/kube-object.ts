/**
 * Every Kubernetes object we emit is a plain cdk8s `ApiObject` whose body is checked by TypeScript
 * against the API's own JSON types: those of @kubernetes/client-node, imported for their types
 * only, so nothing of it (nor of cdk8s-plus) loads when a cdk8s app imports the constructs.
 * Why these types and not cdk8s-plus's `k8s.Kube*Props`: those are the props of its generated L1
 * classes, converted to JSON at synthesis (`clusterIp` becomes `clusterIP`, a `Quantity` object
 * becomes a string); we write the JSON itself, which client-node's types describe as it is on the
 * wire. Published declarations never name these types (scripts/build/check-declarations.ts).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { V1Container } from '@kubernetes/client-node/dist/gen/models/V1Container.js';
import type { V1ClusterRole } from '@kubernetes/client-node/dist/gen/models/V1ClusterRole.js';
import type { V1ClusterRoleBinding } from '@kubernetes/client-node/dist/gen/models/V1ClusterRoleBinding.js';
import type { V1Deployment } from '@kubernetes/client-node/dist/gen/models/V1Deployment.js';
import type { V1Ingress } from '@kubernetes/client-node/dist/gen/models/V1Ingress.js';
import type { V1Job } from '@kubernetes/client-node/dist/gen/models/V1Job.js';
import type { V1Namespace } from '@kubernetes/client-node/dist/gen/models/V1Namespace.js';
import type { V1ObjectMeta } from '@kubernetes/client-node/dist/gen/models/V1ObjectMeta.js';
import type { V1PodSpec } from '@kubernetes/client-node/dist/gen/models/V1PodSpec.js';
import type { V1PolicyRule } from '@kubernetes/client-node/dist/gen/models/V1PolicyRule.js';
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node/dist/gen/models/V1PersistentVolumeClaim.js';
import type { V1PodDisruptionBudget } from '@kubernetes/client-node/dist/gen/models/V1PodDisruptionBudget.js';
import type { V1Role } from '@kubernetes/client-node/dist/gen/models/V1Role.js';
import type { V1RoleBinding } from '@kubernetes/client-node/dist/gen/models/V1RoleBinding.js';
import type { V1Secret } from '@kubernetes/client-node/dist/gen/models/V1Secret.js';
import type { V1Service } from '@kubernetes/client-node/dist/gen/models/V1Service.js';
import type { V1Volume } from '@kubernetes/client-node/dist/gen/models/V1Volume.js';
import type { V1ServiceAccount } from '@kubernetes/client-node/dist/gen/models/V1ServiceAccount.js';
import type { V1StatefulSet } from '@kubernetes/client-node/dist/gen/models/V1StatefulSet.js';

/** The `apiVersion` of each kind we emit. */
const API_VERSIONS = {
  Namespace: 'v1',
  ServiceAccount: 'v1',
  Secret: 'v1',
  Service: 'v1',
  PersistentVolumeClaim: 'v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  StatefulSet: 'apps/v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
} as const;

interface KindTypes {
  Namespace: V1Namespace;
  ServiceAccount: V1ServiceAccount;
  Secret: V1Secret;
  Service: V1Service;
  PersistentVolumeClaim: V1PersistentVolumeClaim;
  Role: V1Role;
  RoleBinding: V1RoleBinding;
  ClusterRole: V1ClusterRole;
  ClusterRoleBinding: V1ClusterRoleBinding;
  StatefulSet: V1StatefulSet;
  Deployment: V1Deployment;
  Job: V1Job;
  PodDisruptionBudget: V1PodDisruptionBudget;
  Ingress: V1Ingress;
}

/** Parts of objects, for the helpers that build them. */
export type Container = V1Container;
export type PodSpec = V1PodSpec;
export type PolicyRule = V1PolicyRule;
export type Volume = V1Volume;

export type KubeKind = keyof typeof API_VERSIONS;

/**
 * The metadata we set: a name, and labels, annotations and a namespace where they apply (an
 * object without a namespace takes its chart's, as every cdk8s `ApiObject` does).
 */
export type KubeMetadata = Pick<V1ObjectMeta, 'name' | 'namespace' | 'labels' | 'annotations'> & { name: string };

/** The body of an object of `kind` as we write it: its API type without apiVersion, kind and status. */
export type KubeBody<K extends KubeKind> = Omit<KindTypes[K], 'apiVersion' | 'kind' | 'metadata' | 'status'> & {
  metadata: KubeMetadata;
};

/** A typed `ApiObject` of `kind` with `body`: TypeScript checks the body against the API's type of that kind. */
export function kubeObject<K extends KubeKind>(scope: Construct, id: string, kind: K, body: KubeBody<K>): ApiObject {
  return new ApiObject(scope, id, { ...body, apiVersion: API_VERSIONS[kind], kind });
}

/**
 * A volume the user wrote in `spec.volumes`, passed through as written. Its schema checks what
 * would make the API server refuse our StatefulSet (a name, at most one source) and keeps each
 * source as written: an open record, where the API's type has typed sources with required
 * fields. As an open record (which TypeScript takes for a Volume without looking into the
 * sources) it goes out as the user wrote it, and the API server judges the sources: the one
 * value we emit that TypeScript does not check field by field.
 */
export function userVolume(volume: { readonly name: string; readonly [key: string]: unknown }): Volume {
  return volume;
}
