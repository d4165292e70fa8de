/** What every pod of a cluster shares, and resources as the API takes them. */
import type { ClusterContext } from '../lib/api/cluster-context.js';
import type { QuantityInput } from '../lib/api/quantity.js';

/** Quantities go to the API as strings; the spec allows numbers (`cpu: 2`). */
export function resourcesToApi(
  resources: { requests?: Record<string, QuantityInput>; limits?: Record<string, QuantityInput> } & Record<
    string,
    unknown
  >,
) {
  const asStrings = (list?: Record<string, QuantityInput>) =>
    list ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, String(v)])) : undefined;
  const { requests, limits, ...rest } = resources;
  return {
    ...rest,
    ...(limits ? { limits: asStrings(limits) } : {}),
    ...(requests ? { requests: asStrings(requests) } : {}),
  };
}

/** Pod-level settings every pod of the cluster shares: scheduling, pull secrets, priority. */
export function sharedPodSettings(cluster: ClusterContext) {
  const spec = cluster.spec;
  return {
    serviceAccountName: cluster.serviceAccountName,
    ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
    ...(spec.podTolerations ? { tolerations: spec.podTolerations } : {}),
    ...(spec.priorityClassName ? { priorityClassName: spec.priorityClassName } : {}),
    ...(spec.pullSecrets ? { imagePullSecrets: spec.pullSecrets } : {}),
  };
}
