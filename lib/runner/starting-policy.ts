/**
 * `podStartingPolicy`, a step of the reconcile after apply: delete the node pods stuck in
 * ContainerCreating past the threshold (the StatefulSet controller makes them again), and say when
 * to look again for the next one (stuck-pods.ts). Only when the install lets the runner delete
 * pods (install-features.ts says so otherwise).
 */
import { KubeApiError, type KubeClient } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import type { KubeObject } from '../kube/object.js';
import type { ClusterContext } from '../cluster-context.js';
import { CLUSTER_LABEL } from '../names.js';
import type { ReconcilerMetrics } from '../controller/metrics.js';
import type { EventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import { stuckPods } from './stuck-pods.js';

export interface StartingPolicyDeps {
  readonly client: Pick<KubeClient, 'delete'>;
  readonly cache: Pick<ObjectCache, 'list'>;
  readonly events: EventRecorder;
  readonly metrics?: ReconcilerMetrics;
  readonly now?: () => Date;
}

/** Returns when to look again (ms), if a pod is creating and not yet overdue. */
export async function applyStartingPolicy(
  deps: StartingPolicyDeps,
  rec: KubeObject,
  cluster: ClusterContext,
): Promise<number | undefined> {
  const policy = cluster.spec.podStartingPolicy;
  if (!policy?.enabled || policy.startingThresholdSeconds === 0) return undefined;
  const pods = deps.cache
    .list(RESOURCE.pod, rec.metadata.namespace)
    .filter((pod) => pod.metadata.labels?.[CLUSTER_LABEL] === rec.metadata.name);
  const now = (deps.now?.() ?? new Date()).getTime();
  const { overdue, nextCheckMs } = stuckPods(pods, policy.startingThresholdSeconds, now);
  for (const { pod, seconds } of overdue) {
    // The uid: never a pod of that name made again since the cache saw this one.
    const deleted = await deps.client
      .delete(RESOURCE.pod, pod.metadata.namespace, pod.metadata.name, {
        ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
      })
      .catch((error: unknown) => {
        if (error instanceof KubeApiError && error.code === 409) return false;
        throw error;
      });
    if (!deleted) continue;
    deps.metrics?.stuckPodDeleted();
    await deps.events.record(
      rec,
      'Warning',
      'StuckPodDeleted',
      `deleted pod ${pod.metadata.name}: in ContainerCreating for ${seconds} s, over podStartingPolicy.startingThresholdSeconds (${policy.startingThresholdSeconds}); the StatefulSet makes it again`,
    );
  }
  return nextCheckMs;
}
