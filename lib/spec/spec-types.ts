/**
 * GENERATED from the spec schema (lib/spec/schema.ts) by `npm run generate` (scripts/spec-types.ts):
 * do not edit. test/unit/spec-types.test.ts fails when this file and the schema differ.
 *
 * The RedisEnterpriseCluster spec as a user writes it: every field optional where the schema has
 * a default or may leave it out, each with its description and default. The types of the fields
 * we accept and do not act on are in not-acted-on-types.ts.
 */

import type {
  AuditingConfiguration,
  Backup,
  LDAPSpec,
  OcspConfiguration,
  RSClusterCertificates,
  SSOSpec,
  SlaveHA,
} from './not-acted-on-types.js';

/** Fields of a Kubernetes API object, passed through as written: the API server checks them. */
export type KubernetesFields = { readonly [field: string]: unknown };

/**
 * The spec of a RedisEnterpriseCluster: the cluster you want.
 */
export interface RedisEnterpriseClusterSpec {
  /**
   * Number of Redis Enterprise nodes: odd, at least 3, never decreased.
   * @default 3
   */
  readonly nodes?: number;
  /**
   * Persistent storage of the nodes.
   * @default - each field at its default
   */
  readonly persistentSpec?: PersistentConfigurationSpec;
  /**
   * Compute resources of each node.
   * @default 2 CPU, 4Gi (requests = limits)
   */
  readonly redisEnterpriseNodeResources?: ResourceRequirements;
  /**
   * Compute resources of the bootstrapper container.
   * @default 100m, 128Mi
   */
  readonly bootstrapperResources?: ResourceRequirements;
  /**
   * Compute resources of the services rigger.
   * @default 500m, 500Mi
   */
  readonly redisEnterpriseServicesRiggerResources?: ResourceRequirements;
  /**
   * Termination grace period of the node pods.
   * @default 31536000 (one year)
   */
  readonly redisEnterpriseTerminationGracePeriodSeconds?: number;
  /**
   * Image of the Redis Enterprise nodes.
   * @default redislabs/redis at the version this package ships (DEFAULT_IMAGES)
   */
  readonly redisEnterpriseImageSpec?: ImageSpec;
  /**
   * Image of the bootstrapper container.
   * @default redislabs/operator at the version this package ships (DEFAULT_IMAGES)
   */
  readonly bootstrapperImageSpec?: ImageSpec;
  /**
   * Image of the services rigger.
   * @default redislabs/k8s-controller at the version this package ships (DEFAULT_IMAGES)
   */
  readonly redisEnterpriseServicesRiggerImageSpec?: ImageSpec;
  /**
   * Image pull secrets of every pod.
   * @default - none
   */
  readonly pullSecrets?: LocalObjectReference[];
  /**
   * Type of the UI Service.
   * @default ClusterIP
   */
  readonly uiServiceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /**
   * Annotations of the UI Service (over servicesAnnotations).
   * @default - none
   */
  readonly uiAnnotations?: { readonly [key: string]: string };
  /**
   * Customisation of the Services created.
   * @default - none
   */
  readonly services?: Services;
  /**
   * The services rigger (Services Manager).
   * @default - each field at its default
   */
  readonly servicesRiggerSpec?: ServicesRiggerConfigurationSpec;
  /**
   * Admin user name.
   * @default demo@redis.com
   */
  readonly username?: string;
  /**
   * Secret with username and password.
   * @default the REC name, created and owned by us; a name you set is a Secret you manage
   */
  readonly clusterCredentialSecretName?: string;
  /**
   * Where the credentials live: Kubernetes Secrets or Vault, whose paths we neither create nor read.
   * @default kubernetes
   */
  readonly clusterCredentialSecretType?: 'kubernetes' | 'vault';
  /**
   * License text; mutually exclusive with licenseSecretName.
   * @default none of the two, a trial license
   */
  readonly license?: string;
  /**
   * Secret whose key "license" holds the license (a Vault path with clusterCredentialSecretType: vault).
   * @default - none
   */
  readonly licenseSecretName?: string;
  /**
   * ServiceAccount of the pods.
   * @default the REC name
   */
  readonly serviceAccountName?: string;
  /**
   * Create the ServiceAccount.
   * @default true
   */
  readonly createServiceAccount?: boolean;
  /**
   * Node selector of every pod.
   * @default - none
   */
  readonly nodeSelector?: { readonly [key: string]: string };
  /**
   * Tolerations of every pod.
   * @default - none
   */
  readonly podTolerations?: Toleration[];
  /**
   * PriorityClass of every pod.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * hostAliases of the node pods.
   * @default - none
   */
  readonly hostAliases?: HostAlias[];
  /**
   * Labels added to every object created.
   * @default - none
   */
  readonly extraLabels?: { readonly [key: string]: string };
  /**
   * Annotations of the node and services rigger pods.
   * @default - none
   */
  readonly podAnnotations?: { readonly [key: string]: string };
  /**
   * Annotations of the node pods only.
   * @default - none
   */
  readonly redisEnterprisePodAnnotations?: { readonly [key: string]: string };
  /**
   * Extra containers of the node pods.
   * @default - none
   */
  readonly sideContainersSpec?: Container[];
  /**
   * Extra environment variables of the node containers.
   * @default - none
   */
  readonly extraEnvVars?: EnvVar[];
  /**
   * Extra volumes of the node pods.
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Extra volume mounts of the Redis Enterprise container.
   * @default - none
   */
  readonly redisEnterpriseVolumeMounts?: VolumeMount[];
  /**
   * Replaces the default anti-affinity of the node pods.
   * @default - none
   */
  readonly podAntiAffinity?: PodAntiAffinity;
  /**
   * Topology keys added to the default anti-affinity (besides kubernetes.io/hostname).
   * @default - none
   */
  readonly antiAffinityAdditionalTopologyKeys?: string[];
  /**
   * Node label naming the rack or zone of a node; makes the cluster rack aware.
   * @default - none
   */
  readonly rackAwarenessNodeLabel?: string;
  /**
   * Security settings of the Redis Enterprise containers.
   * @default - none
   */
  readonly securityContext?: SecurityContextSpec;
  /**
   * Sets ENFORCE_IPV4 in the node containers.
   * @default unset, no ENFORCE_IPV4
   */
  readonly enforceIPv4?: boolean;
  /**
   * The optional Open Service Broker.
   * @default - none
   */
  readonly serviceBrokerSpec?: ServiceBrokerSpec;
  /**
   * Pod spec attributes added to the node pods; the cluster's own settings win over them.
   * @default - none
   */
  readonly redisEnterpriseAdditionalPodSpecAttributes?: PodSpecAttributes;
  /**
   * The usage meter: the call home client CronJob.
   * @default - none
   */
  readonly usageMeter?: UsageMeterSpec;
  /**
   * Timezone of the Redis Enterprise, bootstrapper and services rigger containers (UTC otherwise).
   * @default - none
   */
  readonly containerTimezone?: ContainerTimezoneSpec;
  /**
   * Redis Flex (Redis on Flash): a flash volume claim per node.
   * @default - none
   */
  readonly redisOnFlashSpec?: RedisOnFlashSpec;
  /**
   * Delete node pods stuck in ContainerCreating (the runner does; off by default).
   * @default - none
   */
  readonly podStartingPolicy?: StartingPolicy;
  /**
   * Whether a running cluster follows the default Redis Enterprise version.
   * @default - none
   */
  readonly upgradeSpec?: UpgradeSpec;
  /**
   * Modules Redis Enterprise installs on every node; a change rolls the node pods.
   * @default - none
   */
  readonly userDefinedModules?: UserDefinedModule[];
  /**
   * Outside access to the REST API and the databases. At most one of ingressOrRouteSpec and activeActive.
   * @default - none
   */
  readonly ingressOrRouteSpec?: IngressOrRouteSpec;
  /**
   * Deprecated form of ingressOrRouteSpec; not both.
   * @default - none
   */
  readonly activeActive?: ActiveActive;
  /**
   * IP family of every Service the cluster gets (single stack), for dual-stack Kubernetes clusters.
   * @default - none
   */
  readonly redisEnterpriseIPFamily?: 'IPv4' | 'IPv6';
  /**
   * External access to OSS cluster databases.
   * @default - none
   */
  readonly ossClusterSettings?: OssClusterSettings;
  /**
   * Optional Redis Enterprise services; cmServer disabled removes the UI Service.
   * @default - none
   */
  readonly redisEnterpriseServicesConfiguration?: RedisEnterpriseServicesConfiguration;
  /**
   * Auditing of database connections and authentications. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly auditing?: AuditingConfiguration;
  /**
   * Cluster-wide backup settings (S3). Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly backup?: Backup;
  /**
   * Secrets with the certificates of the REST API, UI, proxy, syncer and others. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly certificates?: RSClusterCertificates;
  /**
   * Vault role for the credentials, with clusterCredentialSecretType: vault. Accepted, not acted on: the Vault role Redis Enterprise logs in to Vault with; this project does not talk to Vault (with clusterCredentialSecretType: vault it creates nothing for the credentials).
   * @default - none
   */
  readonly clusterCredentialSecretRole?: string;
  /**
   * Starts a recovery of the Redis Enterprise cluster. Accepted, not acted on: the official operator recovers the cluster: it deletes the pods and rebuilds Redis Enterprise from its persistent files through the REST API; no recovery is built here.
   * @default - none
   */
  readonly clusterRecovery?: boolean;
  /**
   * Internode encryption of new databases. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly dataInternodeEncryption?: boolean;
  /**
   * Encryption of private keys. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly encryptPkeys?: boolean;
  /**
   * LDAP authentication and authorization. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly ldap?: LDAPSpec;
  /**
   * OCSP stapling of the proxy certificate. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly ocspConfiguration?: OcspConfiguration;
  /**
   * A PodSecurityPolicy for the pods. Accepted, not acted on: PodSecurityPolicy was removed from Kubernetes in 1.25 and the current official CRD has no such field; the pods meet Pod Security restricted instead.
   * @default - none
   */
  readonly podSecurityPolicyName?: string;
  /**
   * Which Redis version databases get on upgrade: major or latest. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly redisUpgradePolicy?: 'major' | 'latest';
  /**
   * RESP3 for databases on upgrade. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly resp3Default?: boolean;
  /**
   * High availability of replica shards. Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call.
   * @default - none
   */
  readonly slaveHA?: SlaveHA;
  /**
   * Single sign-on to the Cluster Manager UI (SAML). Accepted, not acted on: a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call; the official operator configures SSO through the REST API and writes the service provider metadata it reads back from there into the Secret spMetadataSecretName; with no REST API client, neither is done here.
   * @default - none
   */
  readonly sso?: SSOSpec;
  /**
   * What the usage (call-home) report contains: all or restricted. Accepted, not acted on: what the usage report holds; the official doc does not say which object or call carries it, and the call home CronJob rendered here is not given it.
   * @default - none
   */
  readonly usageReportFields?: 'all' | 'restricted';
  /**
   * Secret with Vault's CA certificate. Accepted, not acted on: the Secret with Vault's CA certificate, which the official operator reads to reach Vault; its doc names no object it changes, and this project does not talk to Vault.
   * @default - none
   */
  readonly vaultCASecret?: string;
}

/**
 * Persistent storage of the Redis Enterprise nodes.
 */
export interface PersistentConfigurationSpec {
  /**
   * Whether the nodes keep their data on a PersistentVolume.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * StorageClass of the node volumes (empty: the cluster default). Cannot change after creation.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Size of each node volume.
   * @default 5 x the memory request of a node
   */
  readonly volumeSize?: Quantity;
  /**
   * Allow growing volumeSize (claims are expanded, never shrunk).
   * @default false
   */
  readonly enablePersistentVolumeResize?: boolean;
}

/**
 * A Kubernetes quantity: a string such as `"500m"`, `"4Gi"` or `"0.5"`, or a whole number.
 */
export type Quantity = string | number;

/**
 * Compute resources of a container (Kubernetes `ResourceRequirements`).
 */
export interface ResourceRequirements {
  /**
   * Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - none
   */
  readonly limits?: { readonly [key: string]: Quantity };
  /**
   * Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - none
   */
  readonly requests?: { readonly [key: string]: Quantity };
  /**
   * Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container. This field depends on the DynamicResourceAllocation feature gate. This field is immutable. It can only be set for containers.
   * @default - the Kubernetes default
   */
  readonly claims?: KubernetesFields[];
}

/**
 * Where a container image comes from.
 */
export interface ImageSpec {
  /**
   * Image repository, e.g. redislabs/redis.
   * @default - none
   */
  readonly repository?: string;
  /**
   * Image tag.
   * @default - none
   */
  readonly versionTag?: string;
  /**
   * Pull policy of the container.
   * @default - none
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Image digest; when set it is used instead of the tag.
   * @default - none
   */
  readonly digestHash?: string;
}

/**
 * A Secret of the same namespace, by name.
 */
export interface LocalObjectReference {
  /**
   * Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names
   * @default - required
   */
  readonly name: string;
}

/**
 * The Services created for the cluster.
 */
export interface Services {
  /**
   * The Service of the REST API and the discovery service (named after the cluster).
   * @default - none
   */
  readonly apiService?: APIServiceSpec;
  /**
   * Annotations added to every Service created.
   * @default - none
   */
  readonly servicesAnnotations?: { readonly [key: string]: string };
}

/**
 * The Service of the REST API.
 */
export interface APIServiceSpec {
  /**
   * Type of the REST API Service.
   * @default ClusterIP
   */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

/**
 * The services rigger (Services Manager): the Services of the databases.
 */
export interface ServicesRiggerConfigurationSpec {
  /**
   * Services created for each database: cluster_ip, headless, load_balancer.
   * @default cluster_ip,headless
   */
  readonly databaseServiceType?: string;
  /**
   * How database Services are named.
   * @default bdb_name
   */
  readonly serviceNaming?: 'bdb_name' | 'redis-port';
  /**
   * Port of database Services: the database port, or 6379.
   * @default unset, the services rigger's own (the database port)
   */
  readonly databaseServicePortPolicy?: 'DatabasePortForward' | 'RedisDefaultPort';
  /**
   * Extra environment variables of the services rigger.
   * @default - none
   */
  readonly extraEnvVars?: EnvVar[];
  /**
   * Annotations of the services rigger pod.
   * @default - none
   */
  readonly podAnnotations?: { readonly [key: string]: string };
  /**
   * Pod spec attributes added to the services rigger's pod; its containers, ServiceAccount, pull secrets, node selector, priority class and security context stay the cluster's.
   * @default - none
   */
  readonly servicesRiggerAdditionalPodSpecAttributes?: PodSpecAttributes;
}

/**
 * An environment variable (Kubernetes `EnvVar`).
 */
export interface EnvVar {
  /**
   * Name of the environment variable. May consist of any printable ASCII characters except '='.
   * @default - required
   */
  readonly name: string;
  /**
   * Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to "".
   * @default - the Kubernetes default
   */
  readonly value?: string;
  /**
   * EnvVarSource represents a source for the value of an EnvVar.
   * @default - the Kubernetes default
   */
  readonly valueFrom?: KubernetesFields;
}

/**
 * Fields of a Kubernetes `PodSpec` added to pods of the cluster; the cluster's own settings win over them.
 */
export interface PodSpecAttributes {
  /**
   * Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.
   * @default - none
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Merged with the nodes' own: podAntiAffinity stays the cluster's.
   * @default - none
   */
  readonly affinity?: { readonly [key: string]: unknown };
  /**
   * AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.
   * @default - none
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.
   * @default - none
   */
  readonly dnsConfig?: { readonly [key: string]: unknown };
  /**
   * Set DNS policy for the pod. Defaults to "ClusterFirst". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.
   * @default - none
   */
  readonly dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /**
   * EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.
   * @default - none
   */
  readonly enableServiceLinks?: boolean;
  /**
   * List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec. In order to add an ephemeral container to an existing pod, use the pod's ephemeralcontainers subresource.
   * @default - none
   */
  readonly ephemeralContainers?: { readonly [key: string]: unknown }[];
  /**
   * HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.
   * @default - none
   */
  readonly hostAliases?: HostAlias[];
  /**
   * Use the host's ipc namespace. Optional: Default to false.
   * @default - none
   */
  readonly hostIPC?: boolean;
  /**
   * Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false.
   * @default - none
   */
  readonly hostNetwork?: boolean;
  /**
   * Use the host's pid namespace. Optional: Default to false.
   * @default - none
   */
  readonly hostPID?: boolean;
  /**
   * Use the host's user namespace. Optional: Default to true. If set to true or not present, the pod will be run in the host user namespace, useful for when the pod needs a feature only available to the host user namespace, such as loading a kernel module with CAP_SYS_MODULE. When set to false, a new userns is created for the pod. Setting false is useful for mitigating container breakout vulnerabilities even allowing users to run their containers as root without actually having root privileges on the host. This field is alpha-level and is only honored by servers that enable the UserNamespacesSupport feature.
   * @default - none
   */
  readonly hostUsers?: boolean;
  /**
   * Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.
   * @default - none
   */
  readonly hostname?: string;
  /**
   * HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod. This field only specifies the pod's hostname and does not affect its DNS records. When this field is set to a non-empty string: - It takes precedence over the values set in `hostname` and `subdomain`. - The Pod's hostname will be set to this value. - `setHostnameAsFQDN` must be nil or set to false. - `hostNetwork` must be set to false. This field must be a valid DNS subdomain as defined in RFC 1123 and contain at most 64 characters. Requires the HostnameOverride feature gate to be enabled.
   * @default - none
   */
  readonly hostnameOverride?: string;
  /**
   * ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. If specified, these secrets will be passed to individual puller implementations for them to use. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod
   * @default - none
   */
  readonly imagePullSecrets?: LocalObjectReference[];
  /**
   * List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
   * @default - none
   */
  readonly initContainers?: Container[];
  /**
   * NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename
   * @default - none
   */
  readonly nodeName?: string;
  /**
   * NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/
   * @default - none
   */
  readonly nodeSelector?: { readonly [key: string]: string };
  /**
   * PodOS defines the OS parameters of a pod.
   * @default - none
   */
  readonly os?: { readonly [key: string]: unknown };
  /**
   * Overhead represents the resource overhead associated with running a pod for a given RuntimeClass. This field will be autopopulated at admission time by the RuntimeClass admission controller. If the RuntimeClass admission controller is enabled, overhead must not be set in Pod create requests. The RuntimeClass admission controller will reject Pod create requests which have the overhead already set. If RuntimeClass is configured and selected in the PodSpec, Overhead will be set to the value defined in the corresponding RuntimeClass, otherwise it will remain unset and treated as zero. More info: https://git.k8s.io/enhancements/keps/sig-node/688-pod-overhead/README.md
   * @default - none
   */
  readonly overhead?: { readonly [key: string]: unknown };
  /**
   * PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.
   * @default - none
   */
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  /**
   * The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority.
   * @default - none
   */
  readonly priority?: number;
  /**
   * If specified, indicates the pod's priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates
   * @default - none
   */
  readonly readinessGates?: { readonly [key: string]: unknown }[];
  /**
   * ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start. The resources will be made available to those containers which consume them by name. This is an alpha field and requires enabling the DynamicResourceAllocation feature gate. This field is immutable.
   * @default - none
   */
  readonly resourceClaims?: { readonly [key: string]: unknown }[];
  /**
   * ResourceRequirements describes the compute resource requirements.
   * @default - none
   */
  readonly resources?: ResourceRequirements;
  /**
   * Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
   * @default - none
   */
  readonly restartPolicy?: string;
  /**
   * RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod. If no RuntimeClass resource matches the named class, the pod will not be run. If unset or empty, the "legacy" RuntimeClass will be used, which is an implicit class with an empty definition that uses the default runtime handler. More info: https://git.k8s.io/enhancements/keps/sig-node/585-runtime-class
   * @default - none
   */
  readonly runtimeClassName?: string;
  /**
   * If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.
   * @default - none
   */
  readonly schedulerName?: string;
  /**
   * SchedulingGates is an opaque list of values that if specified will block scheduling the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated state and the scheduler will not attempt to schedule the pod. SchedulingGates can only be set at pod creation time, and be removed only afterwards.
   * @default - none
   */
  readonly schedulingGates?: { readonly [key: string]: unknown }[];
  /**
   * Merged with the nodes' own, which keeps its user, groups, runAsNonRoot and seccomp profile.
   * @default - none
   */
  readonly securityContext?: { readonly [key: string]: unknown };
  /**
   * DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.
   * @default - none
   */
  readonly serviceAccount?: string;
  /**
   * ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
   * @default - none
   */
  readonly serviceAccountName?: string;
  /**
   * If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default). In Linux containers, this means setting the FQDN in the hostname field of the kernel (the nodename field of struct utsname). In Windows containers, this means setting the registry value of hostname for the registry key HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Parameters to FQDN. If a pod does not have FQDN, this has no effect. Default to false.
   * @default - none
   */
  readonly setHostnameAsFQDN?: boolean;
  /**
   * Share a single process namespace between all of the containers in a pod. When this is set containers will be able to view and signal processes from other containers in the same pod, and the first process in each container will not be assigned PID 1. HostPID and ShareProcessNamespace cannot both be set. Optional: Default to false.
   * @default - none
   */
  readonly shareProcessNamespace?: boolean;
  /**
   * If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.
   * @default - none
   */
  readonly subdomain?: string;
  /**
   * Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds.
   * @default - none
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * If specified, the pod's tolerations.
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * TopologySpreadConstraints describes how a group of pods ought to spread across topology domains. Scheduler will schedule pods in a way which abides by the constraints. All topologySpreadConstraints are ANDed.
   * @default - none
   */
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  /**
   * List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * The Workload object the pod belongs to (Kubernetes 1.35, alpha: gang scheduling). Passed through as written.
   * @default - none
   */
  readonly workloadRef?: { readonly [key: string]: unknown };
}

/**
 * An entry of the pods' /etc/hosts (Kubernetes `HostAlias`).
 */
export interface HostAlias {
  /**
   * IP address of the host file entry.
   * @default - required
   */
  readonly ip: string;
  /**
   * Hostnames for the above IP address.
   * @default - none
   */
  readonly hostnames?: string[];
}

/**
 * A Kubernetes `Container`: the fields we check, and the others passed through as written.
 */
export interface Container {
  /**
   * Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.
   * @default - required
   */
  readonly name: string;
  /**
   * Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.
   * @default - required
   */
  readonly image: string;
  /**
   * List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.
   * @default - none
   */
  readonly ports?: ContainerPort[];
  /**
   * List of environment variables to set in the container. Cannot be updated.
   * @default - none
   */
  readonly env?: EnvVar[];
  /**
   * Pod volumes to mount into the container's filesystem. Cannot be updated.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * ResourceRequirements describes the compute resource requirements.
   * @default - none
   */
  readonly resources?: ResourceRequirements;
  /**
   * Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell
   * @default - the Kubernetes default
   */
  readonly args?: string[];
  /**
   * Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell
   * @default - the Kubernetes default
   */
  readonly command?: string[];
  /**
   * List of sources to populate environment variables in the container. The keys defined within a source may consist of any printable ASCII characters except '='. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.
   * @default - the Kubernetes default
   */
  readonly envFrom?: KubernetesFields[];
  /**
   * Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images
   * @default - the Kubernetes default
   */
  readonly imagePullPolicy?: string;
  /**
   * Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.
   * @default - the Kubernetes default
   */
  readonly lifecycle?: KubernetesFields;
  /**
   * Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.
   * @default - the Kubernetes default
   */
  readonly livenessProbe?: KubernetesFields;
  /**
   * Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.
   * @default - the Kubernetes default
   */
  readonly readinessProbe?: KubernetesFields;
  /**
   * Resources resize policy for the container.
   * @default - the Kubernetes default
   */
  readonly resizePolicy?: KubernetesFields[];
  /**
   * RestartPolicy defines the restart behavior of individual containers in a pod. This overrides the pod-level restart policy. When this field is not specified, the restart behavior is defined by the Pod's restart policy and the container type. Additionally, setting the RestartPolicy as "Always" for the init container will have the following effect: this init container will be continually restarted on exit until all regular containers have terminated. Once all regular containers have completed, all init containers with restartPolicy "Always" will be shut down. This lifecycle differs from normal init containers and is often referred to as a "sidecar" container. Although this init container still starts in the init container sequence, it does not wait for the container to complete before proceeding to the next init container. Instead, the next init container starts immediately after this init container is started, or after any startupProbe has successfully completed.
   * @default - the Kubernetes default
   */
  readonly restartPolicy?: string;
  /**
   * Represents a list of rules to be checked to determine if the container should be restarted on exit. The rules are evaluated in order. Once a rule matches a container exit condition, the remaining rules are ignored. If no rule matches the container exit condition, the Container-level restart policy determines the whether the container is restarted or not. Constraints on the rules: - At most 20 rules are allowed. - Rules can have the same action. - Identical rules are not forbidden in validations. When rules are specified, container MUST set RestartPolicy explicitly even it if matches the Pod's RestartPolicy.
   * @default - the Kubernetes default
   */
  readonly restartPolicyRules?: KubernetesFields[];
  /**
   * SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext. When both are set, the values in SecurityContext take precedence.
   * @default - the Kubernetes default
   */
  readonly securityContext?: KubernetesFields;
  /**
   * Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.
   * @default - the Kubernetes default
   */
  readonly startupProbe?: KubernetesFields;
  /**
   * Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.
   * @default - the Kubernetes default
   */
  readonly stdin?: boolean;
  /**
   * Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false
   * @default - the Kubernetes default
   */
  readonly stdinOnce?: boolean;
  /**
   * Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.
   * @default - the Kubernetes default
   */
  readonly terminationMessagePath?: string;
  /**
   * Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.
   * @default - the Kubernetes default
   */
  readonly terminationMessagePolicy?: string;
  /**
   * Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.
   * @default - the Kubernetes default
   */
  readonly tty?: boolean;
  /**
   * volumeDevices is the list of block devices to be used by the container.
   * @default - the Kubernetes default
   */
  readonly volumeDevices?: KubernetesFields[];
  /**
   * Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.
   * @default - the Kubernetes default
   */
  readonly workingDir?: string;
}

/**
 * A port of a container (Kubernetes `ContainerPort`).
 */
export interface ContainerPort {
  /**
   * Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.
   * @default - required
   */
  readonly containerPort: number;
  /**
   * If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.
   * @default - none
   */
  readonly name?: string;
  /**
   * Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.
   * @default - none
   */
  readonly hostPort?: number;
  /**
   * Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".
   * @default - none
   */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /**
   * What host IP to bind the external port to.
   * @default - the Kubernetes default
   */
  readonly hostIP?: string;
}

/**
 * A volume mounted in a container (Kubernetes `VolumeMount`).
 */
export interface VolumeMount {
  /**
   * This must match the Name of a Volume.
   * @default - required
   */
  readonly name: string;
  /**
   * Path within the container at which the volume should be mounted. Must not contain ':'.
   * @default - required
   */
  readonly mountPath: string;
  /**
   * mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None).
   * @default - the Kubernetes default
   */
  readonly mountPropagation?: string;
  /**
   * Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.
   * @default - the Kubernetes default
   */
  readonly readOnly?: boolean;
  /**
   * RecursiveReadOnly specifies whether read-only mounts should be handled recursively. If ReadOnly is false, this field has no meaning and must be unspecified. If ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only. If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime. If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason. If this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None). If this field is not specified, it is treated as an equivalent of Disabled.
   * @default - the Kubernetes default
   */
  readonly recursiveReadOnly?: string;
  /**
   * Path within the volume from which the container's volume should be mounted. Defaults to "" (volume's root).
   * @default - the Kubernetes default
   */
  readonly subPath?: string;
  /**
   * Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to "" (volume's root). SubPathExpr and SubPath are mutually exclusive.
   * @default - the Kubernetes default
   */
  readonly subPathExpr?: string;
}

/**
 * A toleration of the pods (Kubernetes `Toleration`).
 */
export interface Toleration {
  /**
   * Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys.
   * @default - none
   */
  readonly key?: string;
  /**
   * Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal. Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category.
   * @default - none
   */
  readonly operator?: string;
  /**
   * Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.
   * @default - none
   */
  readonly value?: string;
  /**
   * Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.
   * @default - none
   */
  readonly effect?: string;
  /**
   * TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict). Zero and negative values will be treated as 0 (evict immediately) by the system.
   * @default - none
   */
  readonly tolerationSeconds?: number;
}

/**
 * How pods spread over a topology (Kubernetes `TopologySpreadConstraint`).
 */
export interface TopologySpreadConstraint {
  /**
   * How unevenly the pods may spread (at least 1).
   * @default - required
   */
  readonly maxSkew: number;
  /**
   * The node label whose values are the topology domains.
   * @default - required
   */
  readonly topologyKey: string;
  /**
   * What the scheduler does with a pod that cannot meet the constraint.
   * @default - required
   */
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /**
   * A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.
   * @default - the Kubernetes default
   */
  readonly labelSelector?: KubernetesFields;
  /**
   * MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated. The keys are used to lookup values from the incoming pod labels, those key-value labels are ANDed with labelSelector to select the group of existing pods over which spreading will be calculated for the incoming pod. The same key is forbidden to exist in both MatchLabelKeys and LabelSelector. MatchLabelKeys cannot be set when LabelSelector isn't set. Keys that don't exist in the incoming pod labels will be ignored. A null or empty list means only match against labelSelector. This is a beta field and requires the MatchLabelKeysInPodTopologySpread feature gate to be enabled (enabled by default).
   * @default - the Kubernetes default
   */
  readonly matchLabelKeys?: string[];
  /**
   * MinDomains indicates a minimum number of eligible domains. When the number of eligible domains with matching topology keys is less than minDomains, Pod Topology Spread treats "global minimum" as 0, and then the calculation of Skew is performed. And when the number of eligible domains with matching topology keys equals or greater than minDomains, this value has no effect on scheduling. As a result, when the number of eligible domains is less than minDomains, scheduler won't schedule more than maxSkew Pods to those domains. If value is nil, the constraint behaves as if MinDomains is equal to 1. Valid values are integers greater than 0. When value is not nil, WhenUnsatisfiable must be DoNotSchedule. For example, in a 3-zone cluster, MaxSkew is set to 2, MinDomains is set to 5 and pods with the same labelSelector spread as 2/2/2: | zone1 | zone2 | zone3 | | P P | P P | P P | The number of domains is less than 5(MinDomains), so "global minimum" is treated as 0. In this situation, new pod with the same labelSelector cannot be scheduled, because computed skew will be 3(3 - 0) if new Pod is scheduled to any of the three zones, it will violate MaxSkew.
   * @default - the Kubernetes default
   */
  readonly minDomains?: number;
  /**
   * NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew. Options are: - Honor: only nodes matching nodeAffinity/nodeSelector are included in the calculations. - Ignore: nodeAffinity/nodeSelector are ignored. All nodes are included in the calculations. If this value is nil, the behavior is equivalent to the Honor policy.
   * @default - the Kubernetes default
   */
  readonly nodeAffinityPolicy?: string;
  /**
   * NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew. Options are: - Honor: nodes without taints, along with tainted nodes for which the incoming pod has a toleration, are included. - Ignore: node taints are ignored. All nodes are included. If this value is nil, the behavior is equivalent to the Ignore policy.
   * @default - the Kubernetes default
   */
  readonly nodeTaintsPolicy?: string;
}

/**
 * A volume of the node pods (Kubernetes `Volume`): a name and at most one source, passed through as written.
 */
export interface Volume {
  /**
   * name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names
   * @default - required
   */
  readonly name: string;
  /**
   * Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly hostPath?: { readonly [key: string]: unknown };
  /**
   * Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly emptyDir?: { readonly [key: string]: unknown };
  /**
   * Represents a Persistent Disk resource in Google Compute Engine. A GCE PD must exist before mounting to a container. The disk must also be in the same GCE project and zone as the kubelet. A GCE PD can only be mounted as read/write once or read-only many times. GCE PDs support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly gcePersistentDisk?: { readonly [key: string]: unknown };
  /**
   * Represents a Persistent Disk resource in AWS. An AWS EBS disk must exist before mounting to a container. The disk must also be in the same AWS zone as the kubelet. An AWS EBS disk can only be mounted as read/write once. AWS EBS volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly awsElasticBlockStore?: { readonly [key: string]: unknown };
  /**
   * Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling. DEPRECATED: GitRepo is deprecated. To provision a container with a git repo, mount an EmptyDir into an InitContainer that clones the repo using git, then mount the EmptyDir into the Pod's container.
   * @default - none
   */
  readonly gitRepo?: { readonly [key: string]: unknown };
  /**
   * Adapts a Secret into a volume. The contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names. Secret volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly secret?: { readonly [key: string]: unknown };
  /**
   * Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly nfs?: { readonly [key: string]: unknown };
  /**
   * Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly iscsi?: { readonly [key: string]: unknown };
  /**
   * Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly glusterfs?: { readonly [key: string]: unknown };
  /**
   * PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around another type of volume that is owned by someone else (the system).
   * @default - none
   */
  readonly persistentVolumeClaim?: { readonly [key: string]: unknown };
  /**
   * Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly rbd?: { readonly [key: string]: unknown };
  /**
   * FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.
   * @default - none
   */
  readonly flexVolume?: { readonly [key: string]: unknown };
  /**
   * Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet. Cinder volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly cinder?: { readonly [key: string]: unknown };
  /**
   * Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly cephfs?: { readonly [key: string]: unknown };
  /**
   * Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly flocker?: { readonly [key: string]: unknown };
  /**
   * DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly downwardAPI?: { readonly [key: string]: unknown };
  /**
   * Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly fc?: { readonly [key: string]: unknown };
  /**
   * AzureFile represents an Azure File Service mount on the host and bind mount to the pod.
   * @default - none
   */
  readonly azureFile?: { readonly [key: string]: unknown };
  /**
   * Adapts a ConfigMap into a volume. The contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths. ConfigMap volumes support ownership management and SELinux relabeling.
   * @default - none
   */
  readonly configMap?: { readonly [key: string]: unknown };
  /**
   * Represents a vSphere volume resource.
   * @default - none
   */
  readonly vsphereVolume?: { readonly [key: string]: unknown };
  /**
   * Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling.
   * @default - none
   */
  readonly quobyte?: { readonly [key: string]: unknown };
  /**
   * AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.
   * @default - none
   */
  readonly azureDisk?: { readonly [key: string]: unknown };
  /**
   * Represents a Photon Controller persistent disk resource.
   * @default - none
   */
  readonly photonPersistentDisk?: { readonly [key: string]: unknown };
  /**
   * Represents a projected volume source
   * @default - none
   */
  readonly projected?: { readonly [key: string]: unknown };
  /**
   * PortworxVolumeSource represents a Portworx volume resource.
   * @default - none
   */
  readonly portworxVolume?: { readonly [key: string]: unknown };
  /**
   * ScaleIOVolumeSource represents a persistent ScaleIO volume
   * @default - none
   */
  readonly scaleIO?: { readonly [key: string]: unknown };
  /**
   * Represents a StorageOS persistent volume resource.
   * @default - none
   */
  readonly storageos?: { readonly [key: string]: unknown };
  /**
   * Represents a source location of a volume to mount, managed by an external CSI driver
   * @default - none
   */
  readonly csi?: { readonly [key: string]: unknown };
  /**
   * Represents an ephemeral volume that is handled by a normal storage driver.
   * @default - none
   */
  readonly ephemeral?: { readonly [key: string]: unknown };
  /**
   * ImageVolumeSource represents a image volume resource.
   * @default - none
   */
  readonly image?: { readonly [key: string]: unknown };
}

/**
 * Kubernetes `PodAntiAffinity`, passed through as written.
 */
export interface PodAntiAffinity {
  /**
   * The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions. The node that is most preferred is the one with the greatest sum of weights, i.e. for each node that meets all of the scheduling requirements (resource request, requiredDuringScheduling anti-affinity expressions, etc.), compute a sum by iterating through the elements of this field and subtracting "weight" from the sum if the node has pods which matches the corresponding podAffinityTerm; the node(s) with the highest sum are the most preferred.
   * @default - the Kubernetes default
   */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: KubernetesFields[];
  /**
   * If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the anti-affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to a pod label update), the system may or may not try to eventually evict the pod from its node. When there are multiple elements, the lists of nodes corresponding to each podAffinityTerm are intersected, i.e. all terms must be satisfied.
   * @default - the Kubernetes default
   */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: KubernetesFields[];
}

/**
 * Security settings of the Redis Enterprise containers.
 */
export interface SecurityContextSpec {
  /**
   * Resource limits of Redis Enterprise (such as open files).
   * @default - none
   */
  readonly resourceLimits?: ResourceLimitsSettings;
  /**
   * A read-only root filesystem for the Redis Enterprise containers.
   * @default - none
   */
  readonly readOnlyRootFilesystemPolicy?: ReadOnlyRootFilesystemPolicy;
}

/**
 * Resource limits of Redis Enterprise.
 */
export interface ResourceLimitsSettings {
  /**
   * Let Redis Enterprise raise its own limits (adds SYS_RESOURCE).
   * @default false
   */
  readonly allowAutoAdjustment?: boolean;
}

/**
 * A read-only root filesystem for the Redis Enterprise containers.
 */
export interface ReadOnlyRootFilesystemPolicy {
  /**
   * Run the Redis Enterprise containers with a read-only root filesystem.
   * @default false
   */
  readonly enabled?: boolean;
}

/**
 * The Open Service Broker (operator releases up to 6.0.6).
 */
export interface ServiceBrokerSpec {
  /**
   * Deploy the Open Service Broker.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * The state volume of the broker.
   * @default - none
   */
  readonly persistentSpec?: ServiceBrokerPersistentSpec;
  /**
   * Image of the broker.
   * @default redislabs/service-broker (DEFAULT_IMAGES)
   */
  readonly imageSpec?: ImageSpec;
  /**
   * Compute resources of the broker.
   * @default 100m, 128Mi (requests = limits)
   */
  readonly resources?: ResourceRequirements;
}

/**
 * The state volume of the broker.
 */
export interface ServiceBrokerPersistentSpec {
  /**
   * StorageClass of the broker state volume.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Size of the broker state volume.
   * @default 1Gi
   */
  readonly volumeSize?: Quantity;
}

/**
 * The usage meter.
 */
export interface UsageMeterSpec {
  /**
   * The call home client CronJob.
   * @default - none
   */
  readonly callHomeClient?: CallHomeClient;
}

/**
 * The call home client: a CronJob that sends the cluster's usage report to Redis.
 */
export interface CallHomeClient {
  /**
   * No CronJob: the call home client is off.
   * @default false (on, when callHomeClient is given)
   */
  readonly disabled?: boolean;
  /**
   * Image of the call home client.
   * @default redislabs/re-call-home-client
   */
  readonly imageSpec?: ImageSpec;
  /**
   * Compute resources of the call home pod.
   * @default 250m, 256Mi
   */
  readonly resources?: ResourceRequirements;
  /**
   * Secret with the keys proxy-url (with its port), proxy-username and proxy-password.
   * @default - none
   */
  readonly proxySecretName?: string;
  /**
   * S3-compatible target of the report (coordinate with Redis first).
   * @default - none
   */
  readonly s3Target?: CallHomeS3Target;
  /**
   * Passed as --interval to the call home client (e.g. 24h).
   * @default - none
   */
  readonly interval?: string;
  /**
   * Schedule of the CronJob, in UTC.
   * @default "0 23 * * *"
   */
  readonly cronExpression?: string;
}

/**
 * An S3-compatible target of the report.
 */
export interface CallHomeS3Target {
  /**
   * Upload the report to this S3 target only.
   * @default - none
   */
  readonly enabled?: boolean;
  /**
   * Full S3 URL including the bucket.
   * @default - none
   */
  readonly url?: string;
  /**
   * S3-compatible endpoint URL.
   * @default - none
   */
  readonly endpoint?: string;
  /**
   * Bucket name.
   * @default - none
   */
  readonly bucket?: string;
  /**
   * Region of the bucket.
   * @default - none
   */
  readonly region?: string;
  /**
   * Key prefix of the uploaded files.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Secret with the keys access-key and secret-key (optional: session-token, ca-cert).
   * @default - none
   */
  readonly credentialsSecretName?: string;
}

/**
 * The timezone of the Redis Enterprise containers.
 */
export interface ContainerTimezoneSpec {
  /**
   * Use the host's timezone: mounts the host's /etc/localtime (a hostPath volume).
   * @default - none
   */
  readonly propagateHost?: PropagateHost;
  /**
   * A timezone name, set as TZ in the containers, e.g. Europe/London.
   * @default - none
   */
  readonly timezoneName?: string;
}

/**
 * Use the host's timezone: an empty object (`{}`) turns it on.
 */
export type PropagateHost = Readonly<Record<string, never>>;

/**
 * Redis Flex (Redis on Flash): a flash volume claim per node.
 */
export interface RedisOnFlashSpec {
  /**
   * Give every node a flash volume claim, so the cluster can create Redis Flex databases.
   * @default - required
   */
  readonly enabled: boolean;
  /**
   * Deprecated: use bigStoreDriver. Configures Redis Enterprise; not acted on.
   * @default - none
   */
  readonly flashStorageEngine?: 'rocksdb';
  /**
   * StorageClass of the flash volume claims (locally attached SSDs); empty means the cluster default.
   * @default - required
   */
  readonly storageClassName: string;
  /**
   * Size of each flash volume claim; required when enabled.
   * @default - none
   */
  readonly flashDiskSize?: Quantity;
  /**
   * Flash storage driver of Redis Enterprise; configures Redis Enterprise, not acted on.
   * @default - none
   */
  readonly bigStoreDriver?: 'rocksdb' | 'speedb';
}

/**
 * Node pods stuck in ContainerCreating are deleted after a threshold.
 */
export interface StartingPolicy {
  /**
   * Delete node pods stuck in ContainerCreating longer than startingThresholdSeconds.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Seconds a pod may spend in ContainerCreating; 0 turns the policy off.
   * @default 540
   */
  readonly startingThresholdSeconds?: number;
}

/**
 * How a running cluster follows new Redis Enterprise versions.
 */
export interface UpgradeSpec {
  /**
   * Move a running cluster to this release's default Redis Enterprise version. Off: it keeps the version it runs until redisEnterpriseImageSpec.versionTag changes.
   * @default - required
   */
  readonly autoUpgradeRedisEnterprise: boolean;
}

/**
 * A module Redis Enterprise installs on every node.
 */
export interface UserDefinedModule {
  /**
   * Name of the module.
   * @default - required
   */
  readonly name: string;
  /**
   * Where the module is downloaded from.
   * @default - required
   */
  readonly source: ModuleSource;
}

/**
 * Where a module is downloaded from: exactly one of http and https.
 */
export interface ModuleSource {
  /**
   * Download over HTTP.
   * @default - none
   */
  readonly http?: HTTPModuleSource;
  /**
   * Download over HTTPS.
   * @default - none
   */
  readonly https?: HTTPSModuleSource;
}

/**
 * A module downloaded over HTTP.
 */
export interface HTTPModuleSource {
  /**
   * Where the module is downloaded from (http://).
   * @default - required
   */
  readonly url: string;
  /**
   * Secret with the keys username and password for the download.
   * @default - none
   */
  readonly credentialsSecret?: string;
}

/**
 * A module downloaded over HTTPS.
 */
export interface HTTPSModuleSource {
  /**
   * Where the module is downloaded from (https://).
   * @default - required
   */
  readonly url: string;
  /**
   * Secret with the keys username and password for the download.
   * @default - none
   */
  readonly credentialsSecret?: string;
}

/**
 * Access to the REST API and the databases from outside Kubernetes: an Ingress, an OpenShift Route or Istio.
 */
export interface IngressOrRouteSpec {
  /**
   * What routes outside traffic: ingress (an Ingress), istio (Gateway and VirtualService), openShiftRoute.
   * @default - required
   */
  readonly method: 'openShiftRoute' | 'ingress' | 'istio';
  /**
   * Host of the REST API, routed to the <rec> Service port 9443.
   * @default - required
   */
  readonly apiFqdnUrl: string;
  /**
   * Suffix of the database hosts: <database name><suffix>. The Istio Gateway accepts *<suffix>.
   * @default - required
   */
  readonly dbFqdnSuffix: string;
  /**
   * Annotations of the objects made for the method (such as the ingress class and ssl-passthrough of the controller).
   * @default - none
   */
  readonly ingressAnnotations?: { readonly [key: string]: string };
}

/**
 * The older form of `IngressOrRouteSpec` (an Ingress or an OpenShift Route); at most one of the two.
 */
export interface ActiveActive {
  /**
   * What routes outside traffic: ingress (an Ingress) or openShiftRoute. Deprecated: use ingressOrRouteSpec.
   * @default - required
   */
  readonly method: 'openShiftRoute' | 'ingress';
  /**
   * Host of the REST API, routed to the <rec> Service port 9443.
   * @default - required
   */
  readonly apiIngressUrl: string;
  /**
   * Suffix of the database hosts: <database name><suffix>.
   * @default - required
   */
  readonly dbIngressSuffix: string;
  /**
   * Annotations of the Ingress or Route.
   * @default - none
   */
  readonly ingressAnnotations?: { readonly [key: string]: string };
}

/**
 * External access to OSS cluster databases.
 */
export interface OssClusterSettings {
  /**
   * LoadBalancer: a LoadBalancer Service per node pod (<rec>-<n>-lb). Unset or Disabled: none.
   * @default - none
   */
  readonly externalAccessType?: 'LoadBalancer' | 'Disabled';
  /**
   * The per-node LoadBalancer Services: their annotations and externalTrafficPolicy.
   * @default - none
   */
  readonly loadBalancer?: OssClusterLoadBalancerSettings;
  /**
   * Pod CIDRs of in-cluster clients (passed to Redis Enterprise); makes Local the default externalTrafficPolicy.
   * @default - none
   */
  readonly podCIDRs?: string[];
}

/**
 * The per-node LoadBalancer Services of `externalAccessType: LoadBalancer`.
 */
export interface OssClusterLoadBalancerSettings {
  /**
   * Annotations of the per-node LoadBalancer Services, over services.servicesAnnotations.
   * @default - none
   */
  readonly serviceAnnotations?: { readonly [key: string]: string };
  /**
   * externalTrafficPolicy of the per-node LoadBalancer Services.
   * @default Local with podCIDRs, else Cluster
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/**
 * Optional Redis Enterprise services, each on or off.
 */
export interface RedisEnterpriseServicesConfiguration {
  /**
   * The Cluster Manager UI server: disabled removes the UI Service.
   * @default - none
   */
  readonly cmServer?: ServiceOperatingMode;
  /**
   * The multicast DNS server. Passed to Redis Enterprise; not acted on.
   * @default - none
   */
  readonly mdnsServer?: ServiceOperatingMode;
  /**
   * The stats archiver. Passed to Redis Enterprise; not acted on.
   * @default - none
   */
  readonly statsArchiver?: ServiceOperatingMode;
  /**
   * saslauthd. Passed to Redis Enterprise; not acted on.
   * @default - none
   */
  readonly saslauthd?: ServiceOperatingMode;
  /**
   * The PDNS server. Deprecated; not acted on.
   * @default - none
   */
  readonly pdnsServer?: ServiceOperatingMode;
  /**
   * The CRDB coordinator. Passed to Redis Enterprise; not acted on.
   * @default - none
   */
  readonly crdbCoordinator?: ServiceOperatingMode;
  /**
   * The CRDB workers. Passed to Redis Enterprise; not acted on.
   * @default - none
   */
  readonly crdbWorker?: ServiceOperatingMode;
}

/**
 * Whether one Redis Enterprise service runs.
 */
export interface ServiceOperatingMode {
  /**
   * Whether the service runs.
   * @default - required
   */
  readonly operatingMode: 'enabled' | 'disabled';
}
