/**
 * What the runner watches, beyond what it owns, to say why a cluster is not ready
 * (readiness-reason.ts), and how each of those objects wakes its REC. Watched, never polled: a
 * healthy cluster's pods and claims do not change and emit no events, so an idle resync still asks
 * nothing.
 *
 * - Pods of the nodes and of the services rigger (by label): the scheduler's condition and the
 *   containers' waiting reasons.
 * - core/v1 Events, narrowed on the server by a field selector, one watch each (a field selector
 *   cannot say "or"): the StatefulSets' FailedCreate, which nothing else reports, and the claims'
 *   events, which say why a claim is Pending. Events carry no labels: each is matched to its REC
 *   through the object it is about, found in the caches.
 */
import type { KubeObject } from '../kube/client.js';
import { RESOURCE, resourceFor, type ResourceType } from '../kube/resources.js';
import { CLUSTER_LABEL, ROLE_LABEL, ROLE_NODE, ROLE_SERVICES_RIGGER, clusterObjectNames } from '../names.js';
import type { ObjectCache } from './object-cache.js';
import type { WorkloadObservation } from './readiness-reason.js';
import type { Request } from '../controller/request.js';

/** core/v1 Events: what the controllers write, with counts; the group the runner's events rule covers. */
export const CORE_EVENT: ResourceType = resourceFor('v1', 'Event');

/** The pods a reason is read from: the nodes' and the services rigger's. */
export const POD_SELECTOR = `${CLUSTER_LABEL},${ROLE_LABEL} in (${ROLE_NODE},${ROLE_SERVICES_RIGGER})`;

/** One watch of Events each. */
export const EVENT_SELECTORS = [
  'involvedObject.kind=StatefulSet,reason=FailedCreate',
  'involvedObject.kind=PersistentVolumeClaim',
] as const;

/**
 * What of a pod is read: who it is, and what its status says: its conditions and each container's
 * state, without timestamps (but when it was scheduled), images and ids. Its spec (containers, volumes, env) and managedFields,
 * most of its size, are not cached: a runner with a thousand RECs holds some four thousand pods.
 */
export function podEssentials(pod: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp, deletionTimestamp, labels, ownerReferences } =
    pod.metadata;
  const status = pod.status as PodStatus | undefined;
  return {
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(uid ? { uid } : {}),
      ...(resourceVersion ? { resourceVersion } : {}),
      ...(creationTimestamp ? { creationTimestamp } : {}),
      ...(deletionTimestamp ? { deletionTimestamp } : {}),
      ...(labels ? { labels } : {}),
      ...(ownerReferences ? { ownerReferences } : {}),
    },
    ...(status
      ? {
          status: {
            ...(status.phase ? { phase: status.phase } : {}),
            ...(status.startTime ? { startTime: status.startTime } : {}),
            ...(status.conditions
              ? {
                  conditions: status.conditions.map(({ type, status, reason, message, lastTransitionTime }) => ({
                    type,
                    status,
                    reason,
                    message,
                    // When the pod was bound to a node: from then on it may be stuck in creation (stuck-pods.ts).
                    ...(type === 'PodScheduled' && lastTransitionTime ? { lastTransitionTime } : {}),
                  })),
                }
              : {}),
            ...(status.containerStatuses
              ? { containerStatuses: status.containerStatuses.map(containerEssentials) }
              : {}),
            ...(status.initContainerStatuses
              ? { initContainerStatuses: status.initContainerStatuses.map(containerEssentials) }
              : {}),
          },
        }
      : {}),
  };
}

interface PodStatus {
  phase?: string;
  startTime?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}
interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: unknown;
    terminated?: { reason?: string; exitCode?: number };
  };
}

function containerEssentials({ name, ready, restartCount, state }: ContainerStatus): ContainerStatus {
  return {
    name,
    ...(ready !== undefined ? { ready } : {}),
    ...(restartCount !== undefined ? { restartCount } : {}),
    state: state?.waiting
      ? { waiting: { reason: state.waiting.reason, message: state.waiting.message } }
      : state?.terminated
        ? { terminated: { reason: state.terminated.reason, exitCode: state.terminated.exitCode } }
        : state?.running
          ? { running: {} }
          : {},
  };
}

/** What of an Event is read: the rest (source, series, managedFields) is not cached. */
export function eventEssentials(event: KubeObject): KubeObject {
  const {
    apiVersion,
    kind,
    metadata,
    involvedObject,
    reason,
    message,
    type,
    firstTimestamp,
    lastTimestamp,
    eventTime,
  } = event;
  const about = involvedObject as { kind?: string; name?: string; uid?: string } | undefined;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
      ...(metadata.creationTimestamp ? { creationTimestamp: metadata.creationTimestamp } : {}),
    },
    involvedObject: { kind: about?.kind, name: about?.name, uid: about?.uid },
    reason,
    message,
    type,
    firstTimestamp,
    lastTimestamp,
    eventTime,
  };
}

/** The REC a pod or an Event of the watches above is about, if any. */
export function readinessRequest(object: KubeObject, cache: Pick<ObjectCache, 'get'>): Request | undefined {
  const namespace = object.metadata.namespace;
  if (!namespace) return undefined;
  if (object.kind === 'Pod') {
    const cluster = object.metadata.labels?.[CLUSTER_LABEL];
    return cluster ? { namespace, name: cluster } : undefined;
  }
  const about = (object as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
  const type =
    about?.kind === 'StatefulSet'
      ? RESOURCE.statefulSet
      : about?.kind === 'PersistentVolumeClaim'
        ? RESOURCE.persistentVolumeClaim
        : undefined;
  if (!type || !about?.name) return undefined;
  // Only an object of a REC's (the caches hold only those): another workload's events wake nothing.
  const cluster = cache.get(type, namespace, about.name)?.metadata.labels?.[CLUSTER_LABEL];
  return cluster ? { namespace, name: cluster } : undefined;
}

/** Everything `readinessReason` reads about one REC, from the caches. */
export function observeWorkloads(
  cache: ObjectCache,
  namespace: string,
  cluster: string,
  options: { nodes: number; statefulSet?: KubeObject; now: Date },
): WorkloadObservation {
  const names = clusterObjectNames(cluster);
  const ofCluster = (o: KubeObject) => o.metadata.labels?.[CLUSTER_LABEL] === cluster;
  const pods = cache.list(RESOURCE.pod, namespace).filter(ofCluster);
  const claimNames = new Set(Array.from({ length: options.nodes }, (_, i) => names.nodeClaim(i)));
  const servicesRigger = cache.get(RESOURCE.deployment, namespace, names.servicesRigger);
  return {
    ...(options.statefulSet ? { statefulSet: options.statefulSet } : {}),
    nodePods: pods.filter((p) => p.metadata.labels?.[ROLE_LABEL] === ROLE_NODE),
    claims: cache
      .list(RESOURCE.persistentVolumeClaim, namespace)
      .filter((c) => ofCluster(c) && claimNames.has(c.metadata.name)),
    ...(servicesRigger ? { servicesRigger } : {}),
    riggerPods: pods.filter((p) => p.metadata.labels?.[ROLE_LABEL] === ROLE_SERVICES_RIGGER),
    events: cache.list(CORE_EVENT, namespace),
    now: options.now,
  };
}
