/**
 * The official operator's status fields that Kubernetes objects can tell (its API doc,
 * `RedisEnterpriseClusterStatus`): `persistenceStatus` from the node claims,
 * `ingressOrRouteMethodStatus` and `redisEnterpriseIPFamily` from the objects the spec renders.
 * The last two are read from the rendered objects, not the spec, so the status never claims an
 * ingress or an IP family that no object carries. Pure: the reconciler passes what its caches hold.
 */
import type { ClusterContext } from '../api/cluster-context.js';
import type { KubeObject } from '../kube/client.js';
import { isQuantity, quantityValue } from '../api/quantity.js';

/** The official `PvcStatus` values. */
export type PvcStatus = 'Provisioned' | 'Provisioning' | 'Resizing' | 'ResizeFailed';

export interface PersistenceStatus {
  /** The worst of the node claims: ResizeFailed, then Resizing, then Provisioning. */
  status: PvcStatus;
  /** Node claims bound with at least the spec's volume size, of all node claims: `3/3`. */
  succeeded: string;
}

/** The official `IngressMethod` values. */
export type IngressMethod = 'ingress' | 'istio' | 'openShiftRoute';

export interface StatusParity {
  persistenceStatus?: PersistenceStatus;
  ingressOrRouteMethodStatus?: IngressMethod;
  redisEnterpriseIPFamily?: string;
}

interface ClaimLike {
  metadata: { name: string };
  spec?: { resources?: { requests?: { storage?: string } } };
  status?: {
    phase?: string;
    capacity?: { storage?: string };
    conditions?: { type: string; status: string }[];
    allocatedResourceStatuses?: { storage?: string };
  };
}

/** Claim conditions and allocation states of an expansion that failed (Kubernetes 1.31+ names). */
const RESIZE_FAILED_CONDITIONS = new Set(['ControllerResizeError', 'NodeResizeError']);
const RESIZE_FAILED_STATES = new Set(['ControllerResizeInfeasible', 'NodeResizeInfeasible']);

export function statusParity(
  context: ClusterContext,
  desired: readonly KubeObject[],
  claims: readonly KubeObject[],
): StatusParity {
  const persistence = persistenceStatus(context, claims);
  const method = ingressOrRouteMethod(desired);
  const ipFamily = ipFamilyOf(desired, context);
  return {
    ...(persistence ? { persistenceStatus: persistence } : {}),
    ...(method ? { ingressOrRouteMethodStatus: method } : {}),
    ...(ipFamily ? { redisEnterpriseIPFamily: ipFamily } : {}),
  };
}

export const PARITY_FIELDS = ['persistenceStatus', 'ingressOrRouteMethodStatus', 'redisEnterpriseIPFamily'] as const;

/** What a reconcile that cannot observe (an invalid spec, credentials not in order, a deletion) keeps as it was. */
export function keptParity(status: StatusParity | undefined): StatusParity {
  return Object.fromEntries(
    PARITY_FIELDS.filter((field) => status?.[field] !== undefined).map((field) => [field, status?.[field]]),
  );
}

/** Absent when the nodes keep no data on volumes. */
export function persistenceStatus(
  context: ClusterContext,
  claims: readonly KubeObject[],
): PersistenceStatus | undefined {
  if (!context.spec.persistentSpec.enabled) return undefined;
  const nodes = context.spec.nodes;
  const expected = isQuantity(context.volumeSize) ? quantityValue(context.volumeSize) : Infinity;
  const size = (q: string | undefined) => (q && isQuantity(q) ? quantityValue(q) : 0);
  let succeeded = 0;
  let status: PvcStatus = 'Provisioned';
  const worse = (s: PvcStatus) => {
    const order: PvcStatus[] = ['Provisioned', 'Provisioning', 'Resizing', 'ResizeFailed'];
    if (order.indexOf(s) > order.indexOf(status)) status = s;
  };
  for (let ordinal = 0; ordinal < nodes; ordinal++) {
    const name = context.names.nodeClaim(ordinal);
    const claim = (claims as readonly ClaimLike[]).find((c) => c.metadata.name === name);
    if (!claim || claim.status?.phase !== 'Bound') {
      worse('Provisioning');
      continue;
    }
    const capacity = size(claim.status.capacity?.storage);
    const failed =
      claim.status.conditions?.some((c) => RESIZE_FAILED_CONDITIONS.has(c.type) && c.status === 'True') ||
      RESIZE_FAILED_STATES.has(claim.status.allocatedResourceStatuses?.storage ?? '');
    if (failed) worse('ResizeFailed');
    else if (size(claim.spec?.resources?.requests?.storage) > capacity) worse('Resizing');
    if (capacity >= expected) succeeded++;
  }
  return { status, succeeded: `${succeeded}/${nodes}` };
}

/** Which external-access objects are rendered, as the official method that makes them. */
export function ingressOrRouteMethod(desired: readonly KubeObject[]): IngressMethod | undefined {
  for (const object of desired) {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const method = METHOD_OF[`${group}/${object.kind}`];
    if (method) return method;
  }
  return undefined;
}

const METHOD_OF: Record<string, IngressMethod> = {
  'networking.k8s.io/Ingress': 'ingress',
  'networking.istio.io/Gateway': 'istio',
  'networking.istio.io/VirtualService': 'istio',
  'route.openshift.io/Route': 'openShiftRoute',
};

/** The family the rendered API Service asks for: set only when the spec chose one. */
function ipFamilyOf(desired: readonly KubeObject[], context: ClusterContext): string | undefined {
  const api = desired.find((o) => o.kind === 'Service' && o.metadata.name === context.names.apiService);
  return (api?.spec as { ipFamilies?: string[] } | undefined)?.ipFamilies?.[0];
}
