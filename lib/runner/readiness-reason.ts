/**
 * Why a cluster is not Ready, in one line, from what Kubernetes already reports about its
 * workloads. Nothing here asks the API server: it reads the objects the runner's caches hold.
 *
 * Where each reason comes from, first match wins (the root cause before its symptoms):
 * 1. Pods not created: the StatefulSet controller's `FailedCreate` event (a missing
 *    PriorityClass, a quota, Pod Security admission). It exists only as an event: the
 *    StatefulSet's status has no condition for it.
 * 2. Claims Pending: the claim's phase, and why from its latest event (`ProvisioningFailed`,
 *    `ExternalProvisioning`). A claim pending on an event of type Normal is only reported once it
 *    has been Pending for `CLAIM_GRACE_MS`: every new claim waits for its volume a little.
 * 3. Pods unschedulable: the scheduler's `PodScheduled=False` condition (reason Unschedulable)
 *    and its message. A pod waiting only for a Pending claim is told under 2 (its cause).
 * 4. Containers not starting: a container's `waiting` reason that is not the ordinary
 *    ContainerCreating / PodInitializing (ImagePullBackOff, CrashLoopBackOff, ...).
 * Then the same for the services rigger, from its Deployment's `ReplicaFailure` condition and
 * its pods.
 *
 * No secret value can reach a message: what is quoted is Kubernetes' own reason text about pods
 * and claims whose specs the runner wrote (Secrets are mounted or referenced by name, never
 * inlined), plus object names. Each quote is cut to a bound, so an admission webhook's long
 * message cannot flood a status or an event.
 */
import type { KubeObject } from '../kube/client.js';
import { cutText } from '../api/shown.js';

export type NotReadyCode =
  'PodsNotCreated' | 'ClaimsPending' | 'PodsUnschedulable' | 'ImagePullFailing' | 'ContainersNotStarting';

export interface NotReadyReason {
  readonly code: NotReadyCode;
  /** One line: what, why (in Kubernetes' words), and where Kubernetes reported it. */
  readonly message: string;
  /** The event that told it is a Warning (else Normal: e.g. a claim still waiting for its provisioner). */
  readonly warning: boolean;
}

/** What the reason is read from; every list may hold objects of other clusters (matched here by uid). */
export interface WorkloadObservation {
  /** The nodes' StatefulSet. */
  readonly statefulSet?: KubeObject;
  /** The node pods. */
  readonly nodePods: readonly KubeObject[];
  /** The node claims. */
  readonly claims: readonly KubeObject[];
  /** The services rigger's Deployment and pods. */
  readonly servicesRigger?: KubeObject;
  readonly riggerPods: readonly KubeObject[];
  /** FailedCreate events of StatefulSets, and events of claims (core/v1 Events). */
  readonly events: readonly KubeObject[];
  readonly now: Date;
}

export interface ReadinessVerdict {
  readonly reason?: NotReadyReason;
  /** A claim is Pending within its grace: look again then, even if nothing else changes. */
  readonly recheckAfterMs?: number;
}

/** How long a claim may wait for its volume, on a Normal event, before that is a reason. */
export const CLAIM_GRACE_MS = 30_000;
/** Longest quote of Kubernetes' own words in a reason. */
export const QUOTE_MAX = 240;

/** Container waiting reasons that are the ordinary way to start, not a problem. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);
const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
/** kube-scheduler's VolumeBinding plugin, when a pod's claim has no volume yet. */
const UNBOUND_CLAIMS = /unbound immediate PersistentVolumeClaims/i;

interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

interface PodLike extends KubeObject {
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}
interface ContainerStatus {
  name: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

export function readinessReason(observed: WorkloadObservation): ReadinessVerdict {
  const claims = claimsPending(observed);
  const reason =
    podsNotCreated(observed.statefulSet, observed.nodePods, observed.events) ??
    claims.reason ??
    podProblem(observed.nodePods, claims.pending) ??
    riggerNotCreated(observed.servicesRigger) ??
    podProblem(observed.riggerPods, false, 'services rigger ');
  return {
    ...(reason ? { reason } : {}),
    ...(!reason && claims.recheckAfterMs !== undefined ? { recheckAfterMs: claims.recheckAfterMs } : {}),
  };
}

/** Kubernetes' words as one bounded line. */
export function quote(text: string | undefined): string {
  return cutText((text ?? '').replace(/\s+/g, ' ').trim(), QUOTE_MAX);
}

/**
 * The latest FailedCreate of this StatefulSet (by uid), unless what it failed to create exists
 * now or a pod was created after it: a failure that has since been overcome is not a reason.
 */
function podsNotCreated(
  sts: KubeObject | undefined,
  pods: readonly KubeObject[],
  events: readonly KubeObject[],
): NotReadyReason | undefined {
  if (!sts?.metadata.uid) return undefined;
  const failure = latest(
    (events as CoreEvent[]).filter((e) => e.reason === 'FailedCreate' && e.involvedObject?.uid === sts.metadata.uid),
  );
  if (!failure) return undefined;
  // "create Pod x-0 in StatefulSet x failed error: ..." or "create Claim c for Pod x-0 in StatefulSet x ...".
  const podName = /\bPod (\S+) in StatefulSet\b/i.exec(failure.message ?? '')?.[1];
  const at = Date.parse(eventTime(failure));
  const owned = pods.filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === sts.metadata.uid));
  if (podName && owned.some((p) => p.metadata.name === podName)) return undefined;
  if (owned.some((p) => Date.parse(p.metadata.creationTimestamp ?? '') > at)) return undefined;
  const why = (failure.message ?? '')
    .replace(/^.*?\bfailed error:\s*/is, '')
    // `pods "x-0" is forbidden: ` says again what the line says already.
    .replace(/^\w+ "[^"]*" is forbidden:\s*/i, '');
  return {
    code: 'PodsNotCreated',
    message: `pods not created: ${quote(why)} (StatefulSet ${sts.metadata.name} FailedCreate)`,
    warning: true,
  };
}

function claimsPending(observed: WorkloadObservation): {
  reason?: NotReadyReason;
  pending: boolean;
  recheckAfterMs?: number;
} {
  const pending = observed.claims
    .filter((c) => ((c.status as { phase?: string } | undefined)?.phase ?? 'Pending') === 'Pending')
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (pending.length === 0) return { pending: false };
  let recheckAfterMs: number | undefined;
  for (const claim of pending) {
    const event = latest(
      (observed.events as CoreEvent[]).filter(
        (e) => e.involvedObject?.uid && e.involvedObject.uid === claim.metadata.uid,
      ),
    );
    const warning = event?.type === 'Warning';
    const waited = observed.now.getTime() - Date.parse(claim.metadata.creationTimestamp ?? '');
    if (!warning && !(waited >= CLAIM_GRACE_MS)) {
      const left = Number.isFinite(waited) ? CLAIM_GRACE_MS - waited : CLAIM_GRACE_MS;
      recheckAfterMs = Math.min(recheckAfterMs ?? Infinity, Math.max(1000, left));
      continue;
    }
    const storageClass = (claim.spec as { storageClassName?: string } | undefined)?.storageClassName;
    const others = pending.length > 1 ? ` (${pending.length} claims Pending)` : '';
    const what = `claim ${claim.metadata.name} Pending${storageClass ? ` (storageClassName ${storageClass})` : ''}`;
    const why = event ? `: ${quote(event.message)} (${event.reason})` : ': no volume bound yet';
    return {
      reason: { code: 'ClaimsPending', message: `${what}${why}${others}`, warning },
      pending: true,
    };
  }
  return { pending: true, ...(recheckAfterMs !== undefined ? { recheckAfterMs } : {}) };
}

/**
 * The first pod, by name, that the scheduler cannot place or whose container cannot start.
 * `claimsPending`: a pod that is unschedulable while claims are Pending waits for them; it is not
 * a reason of its own. Nor is one the scheduler last turned away for an unbound claim: the claims
 * say whether that still holds, and the scheduler retries once they are bound.
 */
function podProblem(pods: readonly KubeObject[], claimsPending: boolean, prefix = ''): NotReadyReason | undefined {
  const sorted = [...(pods as PodLike[])].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const pod of sorted) {
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const waitsForClaims = claimsPending || UNBOUND_CLAIMS.test(scheduled?.message ?? '');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' && !waitsForClaims) {
      return {
        code: 'PodsUnschedulable',
        message: `${prefix}pod ${pod.metadata.name} unschedulable: ${quote(schedulerWords(scheduled.message))} (PodScheduled ${scheduled.reason})`,
        warning: true,
      };
    }
  }
  for (const pod of sorted) {
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const container of statuses) {
      const waiting = container.state?.waiting;
      if (!waiting?.reason || STARTING.has(waiting.reason)) continue;
      return {
        code: IMAGE_PULL.has(waiting.reason) ? 'ImagePullFailing' : 'ContainersNotStarting',
        message: `${prefix}pod ${pod.metadata.name} container ${container.name} ${waiting.reason}${waiting.message ? `: ${quote(waiting.message)}` : ''}`,
        warning: true,
      };
    }
  }
  return undefined;
}

/** The Deployment controller copies a ReplicaSet's FailedCreate into this condition: no event needed. */
function riggerNotCreated(deployment: KubeObject | undefined): NotReadyReason | undefined {
  const failure = (
    deployment?.status as { conditions?: { type: string; status: string; message?: string }[] } | undefined
  )?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (!deployment || !failure) return undefined;
  const why = (failure.message ?? '').replace(/^\w+ "[^"]*" is forbidden:\s*/i, '');
  return {
    code: 'PodsNotCreated',
    message: `services rigger pods not created: ${quote(why)} (Deployment ${deployment.metadata.name} ReplicaFailure)`,
    warning: true,
  };
}

/** The scheduler's message without its preemption postscript, which says nothing about why. */
function schedulerWords(message: string | undefined): string {
  return (message ?? '').replace(/[\s,]*(no new claims to deallocate,?\s*)?preemption:.*$/is, '').replace(/\.$/, '');
}

function eventTime(event: CoreEvent): string {
  return event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp ?? '';
}

function latest(events: CoreEvent[]): CoreEvent | undefined {
  return events.reduce<CoreEvent | undefined>(
    (newest, e) => (!newest || Date.parse(eventTime(e)) >= Date.parse(eventTime(newest)) ? e : newest),
    undefined,
  );
}
