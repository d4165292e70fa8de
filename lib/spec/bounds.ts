/**
 * Every size bound of the spec, in one place. Each is enforced twice from the same number: by zod
 * (`withOpenApi` checks the bounds it sets) and by the API server (`maxLength`, `maxItems`,
 * `maxProperties` in the CRD, which also bound the cost of the CEL rules). The numbers come from
 * what the objects we render can hold; where Kubernetes sets no bound of its own, the bound is far
 * above any real manifest and keeps a whole REC within what etcd stores in one object.
 */

/** What etcd takes in one request (kube-apiserver's default --max-request-bytes is 1.5 MiB). */
export const MAX_OBJECT_BYTES = 1_572_864;
/** A Secret's data, in bytes (the API server's MaxSecretSize). */
export const MAX_SECRET_DATA_BYTES = 1_048_576;
/** All annotations of one object, keys and values, in bytes (TotalAnnotationSizeLimitB). */
export const MAX_ANNOTATIONS_BYTES = 262_144;
/**
 * The whole spec as JSON, in bytes: it must fit in the REC, and the largest object rendered from
 * it (the StatefulSet carries its containers, volumes and annotations; the Secret its license in
 * base64) must fit in etcd too. 1 MiB leaves room for both.
 */
export const MAX_SPEC_BYTES = 1_048_576;

/** A UTF-8 character is at most 4 bytes: bounds in characters that must fit a byte budget divide by it. */
const MAX_UTF8_BYTES_PER_CHARACTER = 4;

/** User name: goes into the credentials Secret next to the license. */
export const MAX_USERNAME = 1024;
/** Inline license: with the user name it always fits in one Secret, whatever the characters. */
export const MAX_LICENSE = MAX_SECRET_DATA_BYTES / MAX_UTF8_BYTES_PER_CHARACTER - MAX_USERNAME;

/** Kubernetes object names (DNS subdomains). */
export const MAX_OBJECT_NAME = 253;
/** DNS labels: container, volume and namespace names. */
export const MAX_DNS_LABEL = 63;
/** A label value. */
export const MAX_LABEL_VALUE = 63;
/** One annotation value may use the whole annotation budget of its object. */
export const MAX_ANNOTATION_VALUE = MAX_ANNOTATIONS_BYTES;
/** Entries of one label map (extraLabels, nodeSelector). */
export const MAX_LABELS = 64;
/** Entries of one annotation map. */
export const MAX_ANNOTATIONS = 128;
/** Quantities such as "4Gi" (also numbers written as text). */
export const MAX_QUANTITY = 64;
/** Entries of `requests` or `limits`. */
export const MAX_RESOURCES = 32;
/** Image repository, tag and digest parts. */
export const MAX_IMAGE_PART = 1024;
/** Environment variable names. */
export const MAX_ENV_NAME = 256;
/** Paths inside a container: a quarter of Linux's PATH_MAX, far above real mount paths, keeps the uniqueness rules within the CEL budget. */
export const MAX_PATH = 1024;
/** Lists of the spec: env vars, volumes, mounts, tolerations, host aliases, pull secrets, keys. */
export const MAX_ENV_VARS = 128;
export const MAX_SIDE_CONTAINERS = 16;
export const MAX_PORTS = 64;
export const MAX_VOLUMES = 64;
export const MAX_VOLUME_MOUNTS = 64;
export const MAX_TOLERATIONS = 64;
export const MAX_HOST_ALIASES = 32;
export const MAX_HOSTNAMES = 16;
export const MAX_PULL_SECRETS = 64;
export const MAX_TOPOLOGY_KEYS = 16;
/** Free-text fields with no Kubernetes meaning of their own (Vault paths, toleration values...). */
export const MAX_TEXT = 1024;

/** Ports and replicas are int32 in the objects we render. */
export const MAX_INT32 = 2_147_483_647;

/**
 * Nodes with `ossClusterSettings.externalAccessType: LoadBalancer`, which makes a Service per node:
 * far above any Redis Enterprise cluster, and it keeps one REC from asking the runner to hold
 * millions of Services in memory (nodes alone may be any int32: it is one StatefulSet's replicas).
 */
export const MAX_NODE_LOAD_BALANCERS = 1000;
/** `ossClusterSettings.podCIDRs`: a CIDR is at most 43 characters (IPv6 with its prefix length). */
export const MAX_POD_CIDRS = 64;
export const MAX_CIDR = 64;
/** A CronJob schedule: five short fields, far below this. */
export const MAX_CRON_EXPRESSION = 256;
/** A timezone name ("Europe/London") or a POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"). */
export const MAX_TIMEZONE = 256;
/** userDefinedModules: modules installed on every node. */
export const MAX_MODULES = 64;
/** A pod's init containers (redisEnterpriseAdditionalPodSpecAttributes). */
export const MAX_INIT_CONTAINERS = 16;
/** A pod's topology spread constraints, readiness and scheduling gates, resource claims. */
export const MAX_POD_LIST = 32;
