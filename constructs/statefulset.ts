import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { NODE_POD_SECURITY, restrictedContainerSecurity } from '../lib/pod-security.js';
import { NODE_PODS, mergeAdditionalPodSpec } from '../lib/pod-spec-merge.js';
import {
  containerTimezone,
  flashStorage,
  timezoneVolumes,
  userDefinedModulesAnnotation,
} from '../lib/node-pod-options.js';
import { objectMeta, resourcesToApi, sharedPodSettings, type ClusterContext } from '../lib/cluster-context.js';
import {
  CONTAINER_BOOTSTRAPPER,
  CONTAINER_NODE,
  PORTS,
  ROLE_LABEL,
  ROLE_NODE,
  RUN_AS_ID,
  STORAGE_MOUNT_PATH,
  STORAGE_VOLUME,
  clusterLabels,
  nodeSelectorLabels,
} from '../lib/names.js';
import { kubeObject, userVolume, type Container, type PodSpec, type Volume } from './kube-object.js';

export interface RedisEnterpriseNodesProps {
  readonly cluster: ClusterContext;
}

const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';

/** No two nodes of a cluster on one host (and, with extra keys, in one zone): a lost host costs one node. */
function defaultAntiAffinity(cluster: ClusterContext): NonNullable<PodSpec['affinity']>['podAntiAffinity'] {
  const keys = [HOSTNAME_TOPOLOGY, ...(cluster.spec.antiAffinityAdditionalTopologyKeys ?? [])];
  return {
    requiredDuringSchedulingIgnoredDuringExecution: keys.map((topologyKey) => ({
      labelSelector: { matchLabels: nodeSelectorLabels(cluster.name) },
      topologyKey,
    })),
  };
}

/** Rack awareness: spread nodes over the racks (soft, so a missing rack does not block a node). */
function rackSpread(cluster: ClusterContext): Pick<PodSpec, 'topologySpreadConstraints'> {
  const key = cluster.spec.rackAwarenessNodeLabel;
  if (!key) return {};
  return {
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: key,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: nodeSelectorLabels(cluster.name) },
      },
    ],
  };
}

function nodeContainer(cluster: ClusterContext): Container {
  const spec = cluster.spec;
  const timezone = containerTimezone(cluster);
  const flash = flashStorage(cluster);
  const env = [
    ...(spec.enforceIPv4 !== undefined ? [{ name: 'ENFORCE_IPV4', value: String(spec.enforceIPv4) }] : []),
    ...timezone.env,
    ...(spec.extraEnvVars ?? []),
  ];
  // SYS_RESOURCE lets Redis Enterprise raise its own limits; it fails Pod Security restricted
  // (and baseline), so only on request, with a warning (lib/spec/pod-security-warnings.ts).
  const addCapabilities = spec.securityContext?.resourceLimits?.allowAutoAdjustment ? ['SYS_RESOURCE'] : [];
  return {
    name: CONTAINER_NODE,
    ...cluster.images.redisEnterprise,
    ports: [
      { name: 'sentinel', containerPort: PORTS.discovery },
      { name: 'ui', containerPort: PORTS.ui },
      { name: 'api', containerPort: PORTS.restApi },
      { name: 'prometheus', containerPort: PORTS.metrics },
    ],
    resources: resourcesToApi(spec.redisEnterpriseNodeResources),
    ...(env.length > 0 ? { env } : {}),
    volumeMounts: [
      { name: STORAGE_VOLUME, mountPath: STORAGE_MOUNT_PATH },
      ...(flash ? [flash.volumeMount] : []),
      ...timezone.volumeMounts,
      ...(spec.redisEnterpriseVolumeMounts ?? []),
    ],
    // Ready once the REST API answers. No liveness probe on purpose: restarting a database node
    // because it is slow loses more than it heals; the cluster's own watchdog handles that.
    readinessProbe: {
      tcpSocket: { port: PORTS.restApi },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    securityContext: {
      runAsUser: RUN_AS_ID,
      runAsGroup: RUN_AS_ID,
      runAsNonRoot: true,
      ...restrictedContainerSecurity(addCapabilities),
      ...(spec.securityContext?.readOnlyRootFilesystemPolicy?.enabled ? { readOnlyRootFilesystem: true } : {}),
    },
  };
}

function bootstrapperContainer(cluster: ClusterContext): Container {
  const timezone = containerTimezone(cluster);
  return {
    name: CONTAINER_BOOTSTRAPPER,
    ...cluster.images.bootstrapper,
    resources: resourcesToApi(cluster.spec.bootstrapperResources),
    ...(timezone.env.length > 0 ? { env: timezone.env } : {}),
    volumeMounts: [{ name: STORAGE_VOLUME, mountPath: STORAGE_MOUNT_PATH }, ...timezone.volumeMounts],
    securityContext: {
      runAsUser: RUN_AS_ID,
      runAsGroup: RUN_AS_ID,
      runAsNonRoot: true,
      ...restrictedContainerSecurity(),
    },
  };
}

/**
 * A container of `sideContainersSpec`, as written, but for its quantities, which go out as strings
 * like ours (the spec, as the API, also takes `cpu: 1`).
 */
function sideContainer(container: NonNullable<ClusterContext['spec']['sideContainersSpec']>[number]): Container {
  const { resources, ...rest } = container;
  return { ...rest, ...(resources ? { resources: resourcesToApi(resources) } : {}) };
}

/**
 * `<rec>`: the Redis Enterprise nodes. Choices the official operator does not publish:
 * - `podManagementPolicy: OrderedReady`: node 0 forms the cluster and each next node joins a
 *   cluster that is up, one at a time.
 * - `updateStrategy: RollingUpdate`: one node at a time from the highest ordinal, each waiting
 *   for the previous one to be Ready; with the PodDisruptionBudget, quorum holds through upgrades.
 * - Claim template labels are only `app` and `redis.io/cluster`: claim templates are immutable,
 *   so `extraLabels` there would make a label edit a StatefulSet replacement.
 * - Claims are retained when the StatefulSet is deleted or scaled: data outlives the cluster object.
 */
export class RedisEnterpriseNodes extends Construct {
  public readonly statefulSet: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseNodesProps) {
    super(scope, id);
    const { cluster } = props;
    const spec = cluster.spec;
    const podLabels = { ...cluster.labels, [ROLE_LABEL]: ROLE_NODE };
    const podAnnotations = {
      ...spec.podAnnotations,
      ...spec.redisEnterprisePodAnnotations,
      ...userDefinedModulesAnnotation(cluster),
    };
    const persistent = spec.persistentSpec.enabled;
    const storage: Volume[] = persistent ? [] : [{ name: STORAGE_VOLUME, emptyDir: {} }];
    const volumes = [...storage, ...timezoneVolumes(cluster), ...(spec.volumes ?? []).map(userVolume)];
    const flash = flashStorage(cluster);
    const claimTemplates = [
      ...(persistent
        ? [
            {
              metadata: { name: STORAGE_VOLUME, labels: clusterLabels(cluster.name) },
              spec: {
                accessModes: ['ReadWriteOnce'],
                ...(spec.persistentSpec.storageClassName
                  ? { storageClassName: spec.persistentSpec.storageClassName }
                  : {}),
                resources: { requests: { storage: String(cluster.volumeSize) } },
              },
            },
          ]
        : []),
      ...(flash ? [flash.claimTemplate] : []),
    ];
    const podSpec = mergeAdditionalPodSpec(
      {
        ...sharedPodSettings(cluster),
        terminationGracePeriodSeconds: spec.redisEnterpriseTerminationGracePeriodSeconds,
        // Pod Security restricted by default (lib/pod-security.ts); side containers are the user's, as written.
        securityContext: { ...NODE_POD_SECURITY },
        affinity: { podAntiAffinity: spec.podAntiAffinity ?? defaultAntiAffinity(cluster) },
        ...rackSpread(cluster),
        ...(spec.hostAliases ? { hostAliases: spec.hostAliases } : {}),
        containers: [
          nodeContainer(cluster),
          bootstrapperContainer(cluster),
          ...(spec.sideContainersSpec ?? []).map(sideContainer),
        ],
        ...(volumes.length > 0 ? { volumes } : {}),
      },
      spec.redisEnterpriseAdditionalPodSpecAttributes,
      NODE_PODS,
    );

    this.statefulSet = kubeObject(this, 'Resource', 'StatefulSet', {
      metadata: objectMeta(cluster, cluster.names.statefulSet, { labels: { [ROLE_LABEL]: ROLE_NODE } }),
      spec: {
        replicas: spec.nodes,
        serviceName: cluster.names.headlessService,
        selector: { matchLabels: nodeSelectorLabels(cluster.name) },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: {
            labels: podLabels,
            ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations } : {}),
          },
          spec: podSpec,
        },
        ...(claimTemplates.length > 0 ? { volumeClaimTemplates: claimTemplates } : {}),
      },
    });
  }
}
