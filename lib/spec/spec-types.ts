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
  ContainerTimezoneSpec,
  LDAPSpec,
  OcspConfiguration,
  PodSpecAttributes,
  RSClusterCertificates,
  RedisOnFlashSpec,
  SSOSpec,
  SlaveHA,
  StartingPolicy,
  UpgradeSpec,
  UsageMeterSpec,
  UserDefinedModule,
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
   * Auditing of database connections and authentications. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly auditing?: AuditingConfiguration;
  /**
   * Cluster-wide backup settings (S3). Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly backup?: Backup;
  /**
   * Secrets with the certificates of the REST API, UI, proxy, syncer and others. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly certificates?: RSClusterCertificates;
  /**
   * Vault role for the credentials, with clusterCredentialSecretType: vault. Accepted, not acted on: the official operator reads Vault with it; this project reads no Vault.
   * @default - none
   */
  readonly clusterCredentialSecretRole?: string;
  /**
   * Starts a recovery of the Redis Enterprise cluster. Accepted, not acted on: the official operator runs the recovery and clears the field.
   * @default - none
   */
  readonly clusterRecovery?: boolean;
  /**
   * Timezone of the Redis Enterprise containers. Accepted, not acted on: the official operator sets it in the pods (an environment variable, or a hostPath volume of the host's timezone).
   * @default - none
   */
  readonly containerTimezone?: ContainerTimezoneSpec;
  /**
   * Internode encryption of new databases. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly dataInternodeEncryption?: boolean;
  /**
   * Encryption of private keys. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly encryptPkeys?: boolean;
  /**
   * LDAP authentication and authorization. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly ldap?: LDAPSpec;
  /**
   * OCSP stapling of the proxy certificate. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly ocspConfiguration?: OcspConfiguration;
  /**
   * A PodSecurityPolicy for the pods. Accepted, not acted on: PodSecurityPolicy is gone since Kubernetes 1.25; the official operator has dropped the field.
   * @default - none
   */
  readonly podSecurityPolicyName?: string;
  /**
   * Node pods stuck in ContainerCreating. Accepted, not acted on: the official operator detects them and deletes them after a threshold.
   * @default - none
   */
  readonly podStartingPolicy?: StartingPolicy;
  /**
   * Extra PodSpec fields of the node pods. Accepted, not acted on: the official operator adds them to the node pods.
   * @default - none
   */
  readonly redisEnterpriseAdditionalPodSpecAttributes?: PodSpecAttributes;
  /**
   * Redis Flex (Redis on Flash). Accepted, not acted on: the official operator adds a flash volume claim to the nodes and turns it on.
   * @default - none
   */
  readonly redisOnFlashSpec?: RedisOnFlashSpec;
  /**
   * Which Redis version databases get on upgrade: major or latest. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly redisUpgradePolicy?: 'major' | 'latest';
  /**
   * RESP3 for databases on upgrade. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly resp3Default?: boolean;
  /**
   * High availability of replica shards. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly slaveHA?: SlaveHA;
  /**
   * Single sign-on to the Cluster Manager UI (SAML). Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly sso?: SSOSpec;
  /**
   * Automatic upgrades of Redis Enterprise. Accepted, not acted on: the official operator upgrades Redis Enterprise when it is itself upgraded.
   * @default - none
   */
  readonly upgradeSpec?: UpgradeSpec;
  /**
   * The usage meter. Accepted, not acted on: the official operator runs a call-home CronJob for it.
   * @default - none
   */
  readonly usageMeter?: UsageMeterSpec;
  /**
   * What the usage (call-home) report contains: all or restricted. Accepted, not acted on: a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API.
   * @default - none
   */
  readonly usageReportFields?: 'all' | 'restricted';
  /**
   * Redis modules to download and install on every node. Accepted, not acted on: the official operator installs them when the cluster bootstraps.
   * @default - none
   */
  readonly userDefinedModules?: UserDefinedModule[];
  /**
   * Secret with Vault's CA certificate. Accepted, not acted on: the official operator gives it to the pods that read Vault; this project reads no Vault.
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
   * Extra PodSpec fields of the services rigger pod. Accepted, not acted on: the official operator adds them to the rigger pod.
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
