/**
 * The kinds each `ingressOrRouteSpec.method` produces, with their API versions, and how a runner
 * install enables them. Ingress is core Kubernetes; Gateway and VirtualService exist only where
 * Istio's CRDs are installed, Route only on OpenShift. So none of them is part of every install:
 * a runner applies, watches and may write them only when its install enables the method
 * (`rec-cdk8s install --ingress | --istio | --openshift-route`, the same flags on `rec-cdk8s run`).
 */
import type { IngressMethod } from './external-access-schema.js';

export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource name in RBAC rules and REST paths. */
  readonly plural: string;
}

export const INGRESS: KindRef = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' };
/**
 * Istio's v1beta1: the version the official docs' Istio examples use, served by every Istio
 * release since 1.5 (v1 only since 1.22).
 */
export const ISTIO_GATEWAY: KindRef = {
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'Gateway',
  plural: 'gateways',
};
export const ISTIO_VIRTUAL_SERVICE: KindRef = {
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'VirtualService',
  plural: 'virtualservices',
};
export const OPENSHIFT_ROUTE: KindRef = { apiVersion: 'route.openshift.io/v1', kind: 'Route', plural: 'routes' };

export interface IngressMethodKinds {
  /** What the method produces for a REC. */
  readonly kinds: readonly KindRef[];
  /** The flag of `rec-cdk8s install` and `rec-cdk8s run` that enables it. */
  readonly flag: string;
}

export const INGRESS_METHOD_KINDS: Readonly<Record<IngressMethod, IngressMethodKinds>> = {
  ingress: { kinds: [INGRESS], flag: '--ingress' },
  istio: { kinds: [ISTIO_GATEWAY, ISTIO_VIRTUAL_SERVICE], flag: '--istio' },
  openShiftRoute: { kinds: [OPENSHIFT_ROUTE], flag: '--openshift-route' },
};

/** The flags as commander parses them (`--openshift-route` becomes `openshiftRoute`). */
export interface IngressMethodFlags {
  readonly ingress?: boolean;
  readonly istio?: boolean;
  readonly openshiftRoute?: boolean;
}

const FLAG_OPTION: Readonly<Record<IngressMethod, keyof IngressMethodFlags>> = {
  ingress: 'ingress',
  istio: 'istio',
  openShiftRoute: 'openshiftRoute',
};

/** The methods whose flag is set, in a stable order. */
export function ingressMethodsFromFlags(flags: IngressMethodFlags): IngressMethod[] {
  return (Object.keys(INGRESS_METHOD_KINDS) as IngressMethod[]).filter((method) => flags[FLAG_OPTION[method]] === true);
}
