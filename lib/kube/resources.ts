/**
 * The resource types the project reads and writes, with their REST paths. A static table instead
 * of API discovery: we know every kind we touch, and discovery would cost requests at start and
 * on every cache miss.
 */
import { INGRESS, ISTIO_GATEWAY, ISTIO_VIRTUAL_SERVICE, OPENSHIFT_ROUTE, type KindRef } from '../ingress-kinds.js';

export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const namespaced = (ref: KindRef): ResourceType => ({ ...ref, namespaced: true });

const table: ResourceType[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { apiVersion: 'events.k8s.io/v1', kind: 'Event', plural: 'events', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true },
  // What ingressOrRouteSpec produces; Istio's and OpenShift's kinds exist only where their CRDs do.
  namespaced(INGRESS),
  namespaced(ISTIO_GATEWAY),
  namespaced(ISTIO_VIRTUAL_SERVICE),
  namespaced(OPENSHIFT_ROUTE),
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false },
  {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    namespaced: false,
  },
  {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    plural: 'subjectaccessreviews',
    namespaced: false,
  },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', plural: 'flowschemas', namespaced: false },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    plural: 'prioritylevelconfigurations',
    namespaced: false,
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    plural: 'redisenterpriseclusters',
    namespaced: true,
  },
  {
    apiVersion: 'app.redislabs.com/v1alpha1',
    kind: 'RedisEnterpriseCluster',
    plural: 'redisenterpriseclusters',
    namespaced: true,
  },
];

const byKey = new Map(table.map((r) => [`${r.apiVersion}/${r.kind}`, r]));

export function resourceFor(apiVersion: string, kind: string): ResourceType {
  const found = byKey.get(`${apiVersion}/${kind}`);
  if (!found) throw new Error(`no resource type registered for ${apiVersion} ${kind}; add it to lib/kube/resources.ts`);
  return found;
}

export const RESOURCE = {
  serviceAccount: resourceFor('v1', 'ServiceAccount'),
  secret: resourceFor('v1', 'Secret'),
  configMap: resourceFor('v1', 'ConfigMap'),
  service: resourceFor('v1', 'Service'),
  persistentVolumeClaim: resourceFor('v1', 'PersistentVolumeClaim'),
  pod: resourceFor('v1', 'Pod'),
  namespace: resourceFor('v1', 'Namespace'),
  job: resourceFor('batch/v1', 'Job'),
  cronJob: resourceFor('batch/v1', 'CronJob'),
  node: resourceFor('v1', 'Node'),
  event: resourceFor('events.k8s.io/v1', 'Event'),
  role: resourceFor('rbac.authorization.k8s.io/v1', 'Role'),
  roleBinding: resourceFor('rbac.authorization.k8s.io/v1', 'RoleBinding'),
  clusterRole: resourceFor('rbac.authorization.k8s.io/v1', 'ClusterRole'),
  clusterRoleBinding: resourceFor('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
  statefulSet: resourceFor('apps/v1', 'StatefulSet'),
  deployment: resourceFor('apps/v1', 'Deployment'),
  podDisruptionBudget: resourceFor('policy/v1', 'PodDisruptionBudget'),
  ingress: resourceFor(INGRESS.apiVersion, INGRESS.kind),
  istioGateway: resourceFor(ISTIO_GATEWAY.apiVersion, ISTIO_GATEWAY.kind),
  istioVirtualService: resourceFor(ISTIO_VIRTUAL_SERVICE.apiVersion, ISTIO_VIRTUAL_SERVICE.kind),
  openShiftRoute: resourceFor(OPENSHIFT_ROUTE.apiVersion, OPENSHIFT_ROUTE.kind),
  lease: resourceFor('coordination.k8s.io/v1', 'Lease'),
  priorityClass: resourceFor('scheduling.k8s.io/v1', 'PriorityClass'),
  customResourceDefinition: resourceFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
  redisEnterpriseCluster: resourceFor('app.redislabs.com/v1', 'RedisEnterpriseCluster'),
} as const;

/** `/api/v1/namespaces/ns/pods/name/status` and friends. */
export function resourcePath(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  let path = base;
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.plural}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}
