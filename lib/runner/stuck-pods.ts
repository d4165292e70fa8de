/**
 * `podStartingPolicy`: which node pods have been stuck in `ContainerCreating` longer than
 * `startingThresholdSeconds`, and when to look again at the ones not stuck that long yet. The
 * runner deletes the former (the StatefulSet controller makes them again) and requeues the REC for
 * the latter, so the policy acts on time without polling.
 *
 * The official doc says "pods stuck in ContainerCreating"; it does not say from when a pod counts
 * as stuck. The choice: from when it was bound to a node (its PodScheduled condition), since that
 * is when creating its containers starts; a pod waiting for a node is not stuck in creation.
 */
import type { KubeObject } from '../kube/client.js';

interface PodStatus {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[];
}
type Pod = KubeObject & { status?: PodStatus };

export const CONTAINER_CREATING = 'ContainerCreating';

/** When the pod started waiting in ContainerCreating (ms), or undefined when it is not. */
export function creatingSince(pod: KubeObject): number | undefined {
  const { metadata, status } = pod as Pod & { metadata: { deletionTimestamp?: string; creationTimestamp?: string } };
  if (metadata.deletionTimestamp || status?.phase !== 'Pending') return undefined;
  if (!(status.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === CONTAINER_CREATING)) return undefined;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  const since = Date.parse(scheduled?.lastTransitionTime ?? metadata.creationTimestamp ?? '');
  return Number.isNaN(since) ? undefined : since;
}

export interface StuckPods {
  /** Stuck longer than the threshold, with how long (seconds). */
  readonly overdue: readonly { readonly pod: KubeObject; readonly seconds: number }[];
  /** When the next one not yet overdue would be (ms from now); undefined when none is waiting. */
  readonly nextCheckMs?: number;
}

/** The pods of `pods` stuck past `thresholdSeconds` at `now` (0 turns the policy off, as officially). */
export function stuckPods(pods: readonly KubeObject[], thresholdSeconds: number, now: number): StuckPods {
  if (thresholdSeconds <= 0) return { overdue: [] };
  const overdue: { pod: KubeObject; seconds: number }[] = [];
  let nextCheckMs: number | undefined;
  for (const pod of pods) {
    const since = creatingSince(pod);
    if (since === undefined) continue;
    const waited = now - since;
    const left = thresholdSeconds * 1000 - waited;
    if (left <= 0) overdue.push({ pod, seconds: Math.round(waited / 1000) });
    else nextCheckMs = Math.min(nextCheckMs ?? left, left);
  }
  return nextCheckMs === undefined ? { overdue } : { overdue, nextCheckMs };
}
