/**
 * The RedisEnterpriseCluster spec: the single source of truth. The TypeScript types, the CRD's
 * structural schema and its CEL rules are all derived from this file. Field names, types and
 * defaults follow the official CRD, so a manifest written for the official operator parses here
 * unchanged.
 */
import { z } from 'zod';
import {
  annotationMap,
  container,
  envVars,
  hostAlias,
  imageSpec,
  labelKey,
  labelMap,
  localObjectReference,
  objectName,
  podAntiAffinity,
  resourceRequirements,
  storageClassName,
  storageSize,
  text,
  toleration,
  volume,
  volumeMounts,
} from './kubernetes-types.js';
import { NOT_ACTED_ON_FIELDS, notActedOnDescription } from './not-acted-on.js';
import { withOpenApi, withRules } from './rule.js';
import { celLabelKey, isLabelKey, MAX_KEY_LENGTH } from './names-format.js';
import { clusterRules, reservedLabelRule, sizeRules } from './cluster-rules.js';
import { externalAccessFields, externalAccessRules } from './external-access-schema.js';
// Fields of the current official operator that change the node pods and what goes with them.
import { usageMeter } from './usage-meter.js';
import { containerTimezone } from './container-timezone.js';
import { redisOnFlashSpec } from './flash-storage.js';
import { podStartingPolicy } from './pod-starting-policy.js';
import { upgradeSpec } from './upgrade-spec.js';
import { userDefinedModules } from './user-defined-modules.js';
import { additionalPodSpecAttributes } from './additional-pod-spec.js';
import { NODE_POD_RULES } from './node-pod-rules.js';
import {
  MAX_HOST_ALIASES,
  MAX_LICENSE,
  MAX_PULL_SECRETS,
  MAX_SIDE_CONTAINERS,
  MAX_TEXT,
  MAX_TOLERATIONS,
  MAX_TOPOLOGY_KEYS,
  MAX_USERNAME,
  MAX_VOLUMES,
} from './bounds.js';

/** Default compute resources, as the official operator documents them (requests = limits: Guaranteed QoS). */
export const DEFAULT_RESOURCES = {
  redisEnterpriseNode: { cpu: '2', memory: '4Gi' },
  bootstrapper: { cpu: '100m', memory: '128Mi' },
  servicesRigger: { cpu: '500m', memory: '500Mi' },
  serviceBroker: { cpu: '100m', memory: '128Mi' },
} as const;

/** One year: Redis Enterprise nodes are never stopped uncleanly. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 31_536_000;
export const DEFAULT_USERNAME = 'demo@redis.com';
export const DEFAULT_DATABASE_SERVICE_TYPE = 'cluster_ip,headless';
export const DEFAULT_BROKER_VOLUME_SIZE = '1Gi';

const DATABASE_SERVICE_TYPES = ['cluster_ip', 'headless', 'load_balancer'] as const;

function guaranteed(resources: { cpu: string; memory: string }) {
  return { requests: { ...resources }, limits: { ...resources } };
}

const persistentSpec = z.object({
  enabled: z
    .boolean()
    .default(true)
    .describe('Whether the nodes keep their data on a PersistentVolume. Default: true.'),
  storageClassName: storageClassName
    .optional()
    .describe(
      "StorageClass of the node volumes (empty: the cluster default). Cannot change after creation. Default: the cluster's default StorageClass.",
    ),
  volumeSize: storageSize.optional().describe('Size of each node volume. Default: 5 x the memory request of a node.'),
  enablePersistentVolumeResize: z
    .boolean()
    .default(false)
    .describe('Allow growing volumeSize (claims are expanded, never shrunk). Default: false.'),
});

/** Any value, kept as written: one schema for every field accepted and not acted on (each one built costs import time). */
const asWritten = withOpenApi(z.unknown(), { preserveUnknownFields: true }).optional();

/** Fields accepted as written and not acted on, each described (types: not-acted-on-types.ts). */
function notActedOn() {
  return Object.fromEntries(
    NOT_ACTED_ON_FIELDS.map((field) => [field, asWritten.describe(notActedOnDescription(field))]),
  ) as Record<(typeof NOT_ACTED_ON_FIELDS)[number], typeof asWritten>;
}

const databaseServiceType = withRules(z.string().max(64), [
  {
    holds: (v) => v.split(',').every((t) => (DATABASE_SERVICE_TYPES as readonly string[]).includes(t.trim())),
    message: () => `must be a comma-separated list of ${DATABASE_SERVICE_TYPES.join(', ')}`,
    cel: `self.split(',').all(t, t.trim() in [${DATABASE_SERVICE_TYPES.map((t) => `'${t}'`).join(', ')}])`,
  },
]);

const servicesRiggerSpec = z.object({
  databaseServiceType: databaseServiceType
    .default(DEFAULT_DATABASE_SERVICE_TYPE)
    .describe(
      `Services created for each database: ${DATABASE_SERVICE_TYPES.join(', ')}. Default: ${DEFAULT_DATABASE_SERVICE_TYPE}.`,
    ),
  serviceNaming: z
    .enum(['bdb_name', 'redis-port'])
    .default('bdb_name')
    .describe('How database Services are named. Default: bdb_name.'),
  databaseServicePortPolicy: z
    .enum(['DatabasePortForward', 'RedisDefaultPort'])
    .optional()
    .describe(
      "Port of database Services: the database port, or 6379. Default: unset, the services rigger's own (the database port).",
    ),
  extraEnvVars: envVars.optional().describe('Extra environment variables of the services rigger.'),
  podAnnotations: annotationMap.optional().describe('Annotations of the services rigger pod.'),
  servicesRiggerAdditionalPodSpecAttributes: additionalPodSpecAttributes
    .optional()
    .describe(
      "Pod spec attributes added to the services rigger's pod; its containers, ServiceAccount, pull secrets, node selector, priority class and security context stay the cluster's.",
    ),
});

const services = z.object({
  apiService: z
    .object({
      type: z
        .enum(['ClusterIP', 'NodePort', 'LoadBalancer'])
        .default('ClusterIP')
        .describe('Type of the REST API Service. Default: ClusterIP.'),
    })
    .optional()
    .describe('The Service of the REST API and the discovery service (named after the cluster).'),
  servicesAnnotations: annotationMap.optional().describe('Annotations added to every Service created.'),
});

const securityContext = z.object({
  resourceLimits: z
    .object({
      allowAutoAdjustment: z
        .boolean()
        .default(false)
        .describe('Let Redis Enterprise raise its own limits (adds SYS_RESOURCE). Default: false.'),
    })
    .optional()
    .describe('Resource limits of Redis Enterprise (such as open files).'),
  readOnlyRootFilesystemPolicy: z
    .object({
      enabled: z
        .boolean()
        .default(false)
        .describe('Run the Redis Enterprise containers with a read-only root filesystem. Default: false.'),
    })
    .optional()
    .describe('A read-only root filesystem for the Redis Enterprise containers.'),
});

const serviceBrokerSpec = z.object({
  enabled: z.boolean().default(false).describe('Deploy the Open Service Broker. Default: false.'),
  persistentSpec: z
    .object({
      storageClassName: storageClassName
        .optional()
        .describe("StorageClass of the broker state volume. Default: the cluster's default StorageClass."),
      volumeSize: storageSize
        .optional()
        .describe(`Size of the broker state volume. Default: ${DEFAULT_BROKER_VOLUME_SIZE}.`),
    })
    .optional()
    .describe('The state volume of the broker.'),
  imageSpec: imageSpec.optional().describe('Image of the broker. Default: redislabs/service-broker (DEFAULT_IMAGES).'),
  resources: resourceRequirements
    .optional()
    .describe(
      `Compute resources of the broker. Default: ${DEFAULT_RESOURCES.serviceBroker.cpu}, ${DEFAULT_RESOURCES.serviceBroker.memory} (requests = limits).`,
    ),
});

const rackAwarenessNodeLabel = withRules(text(MAX_KEY_LENGTH), [
  {
    holds: (v) => isLabelKey(v),
    message: () => 'must be a node label key such as topology.kubernetes.io/zone',
    got: (v) => v,
    cel: celLabelKey('self'),
  },
]);

const nodes = z
  .int()
  .default(3)
  .describe('Number of Redis Enterprise nodes: odd, at least 3, never decreased. Default: 3.');

/** The shape of `spec`, before the rules that span several fields. */
export const clusterSpecShape = z.object({
  nodes,
  persistentSpec: persistentSpec.prefault({}).describe('Persistent storage of the nodes.'),
  redisEnterpriseNodeResources: resourceRequirements
    .default(guaranteed(DEFAULT_RESOURCES.redisEnterpriseNode))
    .describe('Compute resources of each node. Default: 2 CPU, 4Gi (requests = limits).'),
  bootstrapperResources: resourceRequirements
    .default(guaranteed(DEFAULT_RESOURCES.bootstrapper))
    .describe('Compute resources of the bootstrapper container. Default: 100m, 128Mi.'),
  redisEnterpriseServicesRiggerResources: resourceRequirements
    .default(guaranteed(DEFAULT_RESOURCES.servicesRigger))
    .describe('Compute resources of the services rigger. Default: 500m, 500Mi.'),
  redisEnterpriseTerminationGracePeriodSeconds: z
    .int()
    .min(0)
    .default(DEFAULT_TERMINATION_GRACE_SECONDS)
    .describe('Termination grace period of the node pods. Default: 31536000 (one year).'),
  redisEnterpriseImageSpec: imageSpec
    .optional()
    .describe(
      'Image of the Redis Enterprise nodes. Default: redislabs/redis at the version this package ships (DEFAULT_IMAGES).',
    ),
  bootstrapperImageSpec: imageSpec
    .optional()
    .describe(
      'Image of the bootstrapper container. Default: redislabs/operator at the version this package ships (DEFAULT_IMAGES).',
    ),
  redisEnterpriseServicesRiggerImageSpec: imageSpec
    .optional()
    .describe(
      'Image of the services rigger. Default: redislabs/k8s-controller at the version this package ships (DEFAULT_IMAGES).',
    ),
  pullSecrets: z
    .array(localObjectReference)
    .max(MAX_PULL_SECRETS)
    .optional()
    .describe('Image pull secrets of every pod.'),
  uiServiceType: z
    .enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])
    .default('ClusterIP')
    .describe('Type of the UI Service. Default: ClusterIP.'),
  uiAnnotations: annotationMap.optional().describe('Annotations of the UI Service (over servicesAnnotations).'),
  services: services.optional().describe('Customisation of the Services created.'),
  servicesRiggerSpec: servicesRiggerSpec.prefault({}).describe('The services rigger (Services Manager).'),
  username: text(MAX_USERNAME, 1).default(DEFAULT_USERNAME).describe(`Admin user name. Default: ${DEFAULT_USERNAME}.`),
  // A Secret name, or a Vault path with clusterCredentialSecretType: vault (checked in cluster-rules).
  clusterCredentialSecretName: text(MAX_TEXT, 1)
    .optional()
    .describe(
      'Secret with username and password. Default: the REC name, created and owned by us; a name you set is a Secret you manage.',
    ),
  clusterCredentialSecretType: z
    .enum(['kubernetes', 'vault'])
    .optional()
    .describe(
      'Where the credentials live: Kubernetes Secrets or Vault, whose paths we neither create nor read. Default: kubernetes.',
    ),
  // Bounded so it always fits in the Secret it goes to; its value is never quoted in a message.
  license: text(MAX_LICENSE)
    .optional()
    .describe('License text; mutually exclusive with licenseSecretName. Default: none of the two, a trial license.'),
  licenseSecretName: text(MAX_TEXT, 1)
    .optional()
    .describe('Secret whose key "license" holds the license (a Vault path with clusterCredentialSecretType: vault).'),
  serviceAccountName: objectName('ServiceAccount')
    .optional()
    .describe('ServiceAccount of the pods. Default: the REC name.'),
  createServiceAccount: z.boolean().default(true).describe('Create the ServiceAccount. Default: true.'),
  nodeSelector: labelMap().optional().describe('Node selector of every pod.'),
  podTolerations: z.array(toleration).max(MAX_TOLERATIONS).optional().describe('Tolerations of every pod.'),
  priorityClassName: objectName('PriorityClass').optional().describe('PriorityClass of every pod.'),
  hostAliases: z.array(hostAlias).max(MAX_HOST_ALIASES).optional().describe('hostAliases of the node pods.'),
  extraLabels: labelMap([reservedLabelRule]).optional().describe('Labels added to every object created.'),
  podAnnotations: annotationMap.optional().describe('Annotations of the node and services rigger pods.'),
  redisEnterprisePodAnnotations: annotationMap.optional().describe('Annotations of the node pods only.'),
  sideContainersSpec: z
    .array(container)
    .max(MAX_SIDE_CONTAINERS)
    .optional()
    .describe('Extra containers of the node pods.'),
  extraEnvVars: envVars.optional().describe('Extra environment variables of the node containers.'),
  volumes: z.array(volume).max(MAX_VOLUMES).optional().describe('Extra volumes of the node pods.'),
  redisEnterpriseVolumeMounts: volumeMounts
    .optional()
    .describe('Extra volume mounts of the Redis Enterprise container.'),
  podAntiAffinity: podAntiAffinity.optional().describe('Replaces the default anti-affinity of the node pods.'),
  antiAffinityAdditionalTopologyKeys: z
    .array(labelKey)
    .max(MAX_TOPOLOGY_KEYS)
    .optional()
    .describe('Topology keys added to the default anti-affinity (besides kubernetes.io/hostname).'),
  rackAwarenessNodeLabel: rackAwarenessNodeLabel
    .optional()
    .describe('Node label naming the rack or zone of a node; makes the cluster rack aware.'),
  securityContext: securityContext.optional().describe('Security settings of the Redis Enterprise containers.'),
  enforceIPv4: z
    .boolean()
    .optional()
    .describe('Sets ENFORCE_IPV4 in the node containers. Default: unset, no ENFORCE_IPV4.'),
  serviceBrokerSpec: serviceBrokerSpec.optional().describe('The optional Open Service Broker.'),
  // Acted on since issue 13 (part B): the official operator's node-side objects and fields.
  redisEnterpriseAdditionalPodSpecAttributes: additionalPodSpecAttributes
    .optional()
    .describe("Pod spec attributes added to the node pods; the cluster's own settings win over them."),
  usageMeter: usageMeter.optional().describe('The usage meter: the call home client CronJob.'),
  containerTimezone: containerTimezone
    .optional()
    .describe('Timezone of the Redis Enterprise, bootstrapper and services rigger containers (UTC otherwise).'),
  redisOnFlashSpec: redisOnFlashSpec.optional().describe('Redis Flex (Redis on Flash): a flash volume claim per node.'),
  podStartingPolicy: podStartingPolicy
    .optional()
    .describe('Delete node pods stuck in ContainerCreating (the runner does; off by default).'),
  upgradeSpec: upgradeSpec
    .optional()
    .describe('Whether a running cluster follows the default Redis Enterprise version.'),
  userDefinedModules: userDefinedModules
    .optional()
    .describe('Modules Redis Enterprise installs on every node; a change rolls the node pods.'),
  ...externalAccessFields,
  ...notActedOn(),
});

/** The full spec schema: the shape plus the rules that span fields. */
export const clusterSpecSchema = withRules(clusterSpecShape, [
  ...clusterRules,
  ...externalAccessRules,
  ...NODE_POD_RULES,
  ...sizeRules,
]);

/** What a user writes: the documented types generated from this schema are in spec-types.ts. */
export type { RedisEnterpriseClusterSpec } from './spec-types.js';
/** The spec with every static default filled in. */
export type ParsedClusterSpec = z.output<typeof clusterSpecSchema>;
