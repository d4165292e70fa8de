/**
 * Names, labels and ports of everything a REC produces, in one place. The names follow the
 * official operator where it publishes them; where it does not, the choice is made and explained
 * here.
 */
import { shortHash } from './short-hash.js';

export const APP_LABEL = 'app';
export const APP_LABEL_VALUE = 'redis-enterprise';
export const CLUSTER_LABEL = 'redis.io/cluster';
export const ROLE_LABEL = 'redis.io/role';
/** Set to "1" on the master node pod by the services rigger at run time, never by us. */
export const MASTER_LABEL = 'redis.io/role-master';

export const ROLE_NODE = 'node';
export const ROLE_SERVICES_RIGGER = 'services-rigger';
export const ROLE_SERVICE_BROKER = 'service-broker';
export const ROLE_PASSWORD_GENERATOR = 'password-generator';
export const ROLE_CALL_HOME = 'call-home-client';

export const PORTS = {
  /** Sentinel-compatible discovery service. */
  discovery: 8001,
  ui: 8443,
  restApi: 9443,
  metrics: 8070,
  serviceBroker: 8080,
} as const;

/**
 * The pod label the StatefulSet controller sets to the pod's name: what a per-node Service
 * selects its one pod by.
 */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/**
 * The pods of the Istio ingress gateway the Gateway of `ingressOrRouteSpec.method: istio`
 * configures, unless told otherwise (the construct's `istioGatewaySelector`, the runner's
 * `--istio-gateway-selector`): the spec has no field for it. The official Istio routing doc: "the
 * label set on your Istio ingress gateway pod (most common is `istio: ingress`)"; Istio's default
 * profile labels its `istio-ingressgateway` pods `istio: ingressgateway` instead.
 */
export const DEFAULT_ISTIO_GATEWAY_SELECTOR: Readonly<Record<string, string>> = { istio: 'ingress' };

/** Databases listen in this range on the node pods. */
export const DATABASE_PORT_RANGE = { from: 10000, to: 19999 } as const;

export const CONTAINER_NODE = 'redis-enterprise-node';
export const CONTAINER_BOOTSTRAPPER = 'bootstrapper';
export const CONTAINER_SERVICES_RIGGER = 'services-rigger';
export const CONTAINER_SERVICE_BROKER = 'service-broker';
export const CONTAINER_PASSWORD_GENERATOR = 'ensure-password';
export const STORAGE_VOLUME = 'redis-enterprise-storage';
export const STORAGE_MOUNT_PATH = '/opt/persistent';
/**
 * Flash storage (redisOnFlashSpec): the claim template of each node and where the Redis
 * Enterprise container mounts it. Not published by the official operator: the mount path is
 * where Redis Enterprise keeps flash data by default.
 */
export const FLASH_VOLUME = 'redis-enterprise-flash';
export const FLASH_MOUNT_PATH = '/var/opt/redislabs/flash';
/**
 * containerTimezone: `timezoneName` goes into this variable (the POSIX one every libc reads; the
 * official operator does not publish its own), `propagateHost` mounts the host's zone file.
 */
export const TIMEZONE_ENV = 'TZ';
export const HOST_TIMEZONE_VOLUME = 'host-timezone';
export const HOST_TIMEZONE_PATH = '/etc/localtime';
/**
 * On the node pods: a hash of `userDefinedModules`, so that a change of the list rolls the pods,
 * as the official API doc says it does.
 */
export const USER_DEFINED_MODULES_ANNOTATION = 'rec-cdk8s.io/user-defined-modules';
export const CONTAINER_CALL_HOME = 'call-home-client';
export const RUN_AS_ID = 1001;

/** The API server's limit on a CronJob's name. */
export const MAX_CRON_JOB_NAME = 52;

/** `name` when it fits in `max` characters, else its start, '-' and 8 characters of its hash. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const digest = shortHash(name, 8);
  return `${name.slice(0, max - digest.length - 1).replace(/-+$/, '')}-${digest}`;
}

/** Every name derived from the REC's name. */
export function clusterObjectNames(cluster: string) {
  return {
    statefulSet: cluster,
    /** REST API + Sentinel discovery. */
    apiService: cluster,
    uiService: `${cluster}-ui`,
    metricsService: `${cluster}-prom`,
    /**
     * The StatefulSet's governing Service (stable pod DNS). The official operator does not publish
     * which Service plays this role; a dedicated headless Service that also publishes not-ready
     * pods lets a joining node resolve its peers before it is Ready, and keeps the API Service an
     * ordinary ClusterIP Service.
     */
    headlessService: `${cluster}-headless`,
    servicesRigger: `${cluster}-services-rigger`,
    role: cluster,
    roleBinding: cluster,
    /**
     * Cluster-scoped, so the namespace is part of the name (only with rack awareness). Joined with
     * `.`, which RBAC names allow and namespaces and REC names (DNS labels) cannot hold: `a-b`/`c`
     * and `a`/`b-c` get different names.
     */
    nodeReaderClusterRole: (namespace: string) => `redis-enterprise-node-reader.${namespace}.${cluster}`,
    /** The RoleBinding to the installed `redis-enterprise-node` ClusterRole (runner only); `.` as above, so no REC's `<rec>` can be it. */
    nodeRoleBinding: `${cluster}.node`,
    podDisruptionBudget: cluster,
    serviceBroker: `${cluster}-service-broker`,
    /**
     * ServiceAccount, Role, RoleBinding and Job of the password generator of synthesized output.
     * At most 57 characters: the Job's name is also a label value (63).
     */
    passwordGenerator: `${cluster}-password`,
    /** Only for an inline license when the credentials Secret is the user's. */
    licenseSecret: `${cluster}-license`,
    /**
     * The usage meter's CronJob. A CronJob name is at most 52 characters (its Jobs add a suffix);
     * a REC name is up to 48, so a long one is cut and a hash of the whole name keeps it unique.
     */
    callHomeCronJob: boundedName(`${cluster}-call-home`, MAX_CRON_JOB_NAME),
    /** PVCs of the node pods, as the StatefulSet controller names them. */
    nodeClaim: (ordinal: number) => claimName(STORAGE_VOLUME, cluster, ordinal),
    /**
     * `ingressOrRouteSpec`: the Ingress, OpenShift Route, Istio Gateway and VirtualService of the
     * REST API. The official operator does not publish their names; `<rec>`, as the API Service
     * they route to (a kind of its own each, so the names never collide).
     */
    ingress: cluster,
    route: cluster,
    gateway: cluster,
    virtualService: cluster,
    /**
     * `ossClusterSettings.externalAccessType: LoadBalancer`: the LoadBalancer Service of node pod
     * `<rec>-<n>`, named as the official docs show them (`rec-1-lb`).
     */
    nodeLoadBalancer: (ordinal: number) => `${cluster}-${ordinal}-lb`,
  };
}

/** The claim the StatefulSet controller makes from claim template `template` for pod `ordinal`. */
export function claimName(template: string, statefulSet: string, ordinal: number): string {
  return `${template}-${statefulSet}-${ordinal}`;
}

/** The ServiceAccount a cluster's pods run as: `spec.serviceAccountName`, else the cluster's name. */
export function clusterServiceAccountName(cluster: string, serviceAccountName?: string): string {
  return serviceAccountName ?? cluster;
}

/**
 * On the cluster-scoped objects of synthesized output (the node reader of rack awareness), which
 * can have no owner reference to a namespaced REC: whose they are.
 */
export const OWNER_NAMESPACE_LABEL = 'rec-cdk8s.io/owner-namespace';
export const OWNER_NAME_LABEL = 'rec-cdk8s.io/owner-name';

/** Labels on every object of a cluster. `extraLabels` go first so they cannot hide ours. */
export function clusterLabels(cluster: string, extraLabels: Record<string, string> = {}): Record<string, string> {
  return { ...extraLabels, [APP_LABEL]: APP_LABEL_VALUE, [CLUSTER_LABEL]: cluster };
}

/** The labels that select a cluster's node pods (StatefulSet selector: immutable, so nothing optional). */
export function nodeSelectorLabels(cluster: string): Record<string, string> {
  return { [APP_LABEL]: APP_LABEL_VALUE, [CLUSTER_LABEL]: cluster, [ROLE_LABEL]: ROLE_NODE };
}

export function servicesRiggerSelectorLabels(cluster: string): Record<string, string> {
  return { [APP_LABEL]: APP_LABEL_VALUE, [CLUSTER_LABEL]: cluster, [ROLE_LABEL]: ROLE_SERVICES_RIGGER };
}

export function serviceBrokerSelectorLabels(cluster: string): Record<string, string> {
  return { [APP_LABEL]: APP_LABEL_VALUE, [CLUSTER_LABEL]: cluster, [ROLE_LABEL]: ROLE_SERVICE_BROKER };
}
