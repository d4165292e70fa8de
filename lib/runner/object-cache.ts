/**
 * What the reconciler reads instead of the API: the informers' caches of RECs and of every kind
 * the runner owns. Reading from caches is what keeps a resync at zero requests.
 */
import type { KubeObject } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';

export interface ObjectCache {
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Objects of `type` in `namespace` (all namespaces when undefined). */
  list(type: ResourceType, namespace?: string): KubeObject[];
}
