/**
 * What the runner may do, as data: one entry per API group and resource, each with why it is
 * there. The Role and ClusterRole constructs render these, the README's permission table is
 * checked against them (test/unit/runner-install.test.ts), and the install test asks the API
 * server, as the runner, that it may do exactly this.
 *
 * What the runner does not hold: the rules of the REC pods (services, endpoints, pods, configmaps:
 * lib/node-rbac.ts) and the Node read of rack awareness. The install ships them in two ClusterRoles
 * (`redis-enterprise-node`, `redis-enterprise-node-reader`), and the runner may only `bind` those
 * two, by name. Kubernetes lets one grant only what one holds or may `bind`, so without `bind` the
 * runner would have to hold every permission it grants. Of cluster RBAC it writes one object, the
 * install's node-reader ClusterRoleBinding, by name; it creates and deletes none.
 */
import { NODE_CLUSTER_ROLE, NODE_READER_CLUSTER_ROLE, NODE_READER_CLUSTER_ROLE_BINDING } from '../../lib/node-rbac.js';
import {
  INGRESS,
  ISTIO_GATEWAY,
  ISTIO_VIRTUAL_SERVICE,
  OPENSHIFT_ROUTE,
  type KindRef,
} from '../../lib/ingress-kinds.js';
import type { IngressMethod } from '../../lib/spec/external-access.js';

export interface RunnerRule {
  /** '' for the core group. */
  readonly apiGroup: string;
  /** A plural resource name, or `resource/subresource`. Never `*`. */
  readonly resource: string;
  /** Never `*`, `escalate` or `impersonate`; `bind` only with resourceNames. */
  readonly verbs: readonly string[];
  /** Only these objects. */
  readonly resourceNames?: readonly string[];
  /** What the runner does with it (the README's table). */
  readonly why: string;
}

/**
 * Watched by label (an informer: list and watch), server-side applied (patch, and create when
 * absent), pruned. No `get`: the runner reads these from its caches, never one by one (the
 * install test counts its requests to keep it so).
 */
const OWNED = ['list', 'watch', 'create', 'patch', 'delete'] as const;

const rule = (
  apiGroup: string,
  resource: string,
  verbs: readonly string[],
  why: string,
  resourceNames?: readonly string[],
): RunnerRule => ({
  apiGroup,
  resource,
  verbs,
  why,
  ...(resourceNames ? { resourceNames } : {}),
});

/**
 * In every namespace the runner watches (a Role there, or the ClusterRole of an all-namespaces
 * install).
 */
export const WATCHED_NAMESPACE_RULES: readonly RunnerRule[] = [
  rule(
    'app.redislabs.com',
    'redisenterpriseclusters',
    ['get', 'list', 'watch', 'patch'],
    'watch the RECs; the rack-awareness finalizer (an apply); read live before re-adopting an object the garbage collector orphaned',
  ),
  rule('app.redislabs.com', 'redisenterpriseclusters/status', ['patch'], 'write the status (an apply)'),
  rule(
    'app.redislabs.com',
    'redisenterpriseclusters/finalizers',
    ['update'],
    'owner references with blockOwnerDeletion to the REC',
  ),
  rule('', 'serviceaccounts', OWNED, "the REC's ServiceAccount"),
  rule('', 'services', OWNED, "the REC's Services"),
  rule(
    'apps',
    'statefulsets',
    ['get', ...OWNED],
    'the nodes; deleted without its pods (orphan) to grow volumes, read until gone',
  ),
  rule('apps', 'deployments', OWNED, 'the services rigger, the service broker'),
  rule('policy', 'poddisruptionbudgets', OWNED, "the nodes' disruption budget"),
  rule(
    'rbac.authorization.k8s.io',
    'roles',
    ['get', ...OWNED],
    "the REC's Role (its Secrets, by name); read live to tell a deletion with orphan propagation",
  ),
  rule(
    'rbac.authorization.k8s.io',
    'rolebindings',
    ['get', ...OWNED],
    "bind the REC's Role and the installed redis-enterprise-node ClusterRole; read live to tell a deletion with orphan propagation",
  ),
  rule(
    'rbac.authorization.k8s.io',
    'clusterroles',
    ['bind'],
    'RoleBindings to the node rules, which the runner does not hold',
    [NODE_CLUSTER_ROLE],
  ),
  // No delete: claims are data, never deleted by the runner.
  rule(
    '',
    'persistentvolumeclaims',
    ['get', 'list', 'watch', 'create', 'patch'],
    'know a cluster has data; the service broker claim; read and grow each claim',
  ),
  // No list, no watch: RBAC cannot limit them to our label, and they would read every Secret.
  rule(
    '',
    'secrets',
    ['get', 'create', 'patch', 'delete'],
    'the credentials and license Secrets, by name: read, create with the password, apply, prune the license Secret',
  ),
  rule(
    '',
    'events',
    ['list', 'watch', 'create', 'patch'],
    "events on the RECs (a repeat patches its count); watch the StatefulSets' FailedCreate and the claims' events (field selectors) to say why a cluster is not ready",
  ),
  // Read only. RBAC cannot limit a list to a label: the grant covers every pod of the namespace,
  // the runner asks only for the REC pods' labels. No get: read from the cache.
  rule(
    '',
    'pods',
    ['list', 'watch'],
    'watch the node and services rigger pods (by label) to say why a cluster is not ready: unschedulable, images not pulling',
  ),
];

/** Leader election, in the runner's own namespace only, whatever it watches. */
export const LEADER_ELECTION_RULES: readonly RunnerRule[] = [
  rule('coordination.k8s.io', 'leases', ['get', 'create', 'update'], 'leader election'),
];

/**
 * Only in an all-namespaces install: rack awareness. The install ships one ClusterRoleBinding of
 * the node-reader ClusterRole, and the runner adds each rack-aware REC's ServiceAccount to its
 * subjects and removes it (lib/runner/node-reader-binding.ts). So every verb here is limited by
 * `resourceNames` to that one binding: no `create` (RBAC cannot limit it by name) and no `delete`
 * of any cluster RBAC. A list or a watch is limited by name only when it selects that name
 * (`fieldSelector=metadata.name=...`), which the runner's informer does. `update`, not `patch`:
 * `subjects` is an atomic list, so it is read and written back whole, with its resourceVersion.
 */
export const ALL_NAMESPACES_ONLY_RULES: readonly RunnerRule[] = [
  rule(
    'rbac.authorization.k8s.io',
    'clusterrolebindings',
    ['get', 'list', 'watch', 'update'],
    "rack awareness: watch the install's node-reader binding; add and remove each rack-aware REC's ServiceAccount (read live, written back with its resourceVersion)",
    [NODE_READER_CLUSTER_ROLE_BINDING],
  ),
  rule(
    'rbac.authorization.k8s.io',
    'clusterroles',
    ['bind'],
    'write that binding, which grants the Node read the runner does not hold',
    [NODE_READER_CLUSTER_ROLE],
  ),
];

const groupOf = (ref: KindRef) => (ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '');

/**
 * Only with the install option of an ingress method (`--ingress`, `--istio`, `--openshift-route`),
 * in each watched namespace (with the rules above): what a REC of that method produces. Istio's and
 * OpenShift's kinds may not even exist on a cluster, so no install holds them unasked.
 */
export const INGRESS_METHOD_RULES: Readonly<Record<IngressMethod, readonly RunnerRule[]>> = {
  ingress: [
    rule(groupOf(INGRESS), INGRESS.plural, OWNED, "the REST API's Ingress (ingressOrRouteSpec method ingress)"),
  ],
  istio: [
    rule(
      groupOf(ISTIO_GATEWAY),
      ISTIO_GATEWAY.plural,
      OWNED,
      "the REST API's and databases' Istio Gateway (method istio)",
    ),
    rule(
      groupOf(ISTIO_VIRTUAL_SERVICE),
      ISTIO_VIRTUAL_SERVICE.plural,
      OWNED,
      "the REST API's Istio VirtualService (method istio)",
    ),
  ],
  openShiftRoute: [
    rule(groupOf(OPENSHIFT_ROUTE), OPENSHIFT_ROUTE.plural, OWNED, "the REST API's Route (method openShiftRoute)"),
    rule(
      groupOf(OPENSHIFT_ROUTE),
      `${OPENSHIFT_ROUTE.plural}/custom-host`,
      ['create'],
      'a Route with a host of its own (apiFqdnUrl): OpenShift checks it when such a Route is written; no request of its own',
    ),
  ],
};

/**
 * What install options add, in every watched namespace, beside the rules above: nothing of these
 * is granted unless the install enables its option (`RecRunnerInstallProps`, `rec-cdk8s install
 * --usage-meter / --pod-starting-policy`). Without it, the runner says the field is not acted on.
 */
export const FEATURE_RULES = {
  /** `usageMeter.callHomeClient`: the REC's call home CronJob, owned like the rest. */
  usageMeter: [rule('batch', 'cronjobs', OWNED, "the usage meter's call home CronJob (usageMeter.callHomeClient)")],
  /**
   * `podStartingPolicy`: delete a node pod stuck in ContainerCreating past the threshold (the pods
   * are watched anyway, for the status). No create, no patch.
   */
  podStartingPolicy: [
    rule(
      '',
      'pods',
      ['delete'],
      'podStartingPolicy: delete a node pod stuck in ContainerCreating past startingThresholdSeconds',
    ),
  ],
} as const satisfies Record<string, readonly RunnerRule[]>;

export type RunnerFeature = keyof typeof FEATURE_RULES;
export const RUNNER_FEATURES = Object.keys(FEATURE_RULES) as RunnerFeature[];
