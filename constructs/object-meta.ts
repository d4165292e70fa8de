/** The metadata every object of a cluster carries: its labels, and its namespace when it has one. */
import type { ClusterContext } from '../lib/api/cluster-context.js';

/** `metadata` for an object of this cluster. */
export function objectMeta(
  cluster: ClusterContext,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
) {
  const annotations =
    extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {};
  return {
    name,
    ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
    labels: { ...cluster.labels, ...extra.labels },
    ...annotations,
  };
}
