/**
 * The children of one cluster, in apply order (identity, access, credentials, Services, outside
 * access, nodes, disruption budget, rigger, broker, usage meter), from a resolved cluster. `RedisEnterpriseCluster` calls it
 * with a validated spec; the generative test also calls it with specs the schema refuses, to ask
 * the API server whether it would refuse their objects too.
 */
import type { Construct } from 'constructs';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { RedisEnterpriseServiceAccount } from './redis-enterprise-service-account.js';
import { RedisEnterpriseRole } from './redis-enterprise-role.js';
import { RedisEnterpriseRoleBinding } from './redis-enterprise-role-binding.js';
import { RedisEnterpriseNodeReader } from './redis-enterprise-node-reader.js';
import { RedisEnterpriseNodeRoleBinding } from './redis-enterprise-node-role-binding.js';
import { RedisEnterpriseCredentials } from './redis-enterprise-credentials.js';
import { RedisEnterpriseLicenseSecret } from './redis-enterprise-license-secret.js';
import { RedisEnterprisePasswordGenerator } from './redis-enterprise-password-generator.js';
import { RedisEnterpriseHeadlessService } from './redis-enterprise-headless-service.js';
import { RedisEnterpriseRestApiService } from './redis-enterprise-rest-api-service.js';
import { RedisEnterpriseUiService } from './redis-enterprise-ui-service.js';
import { RedisEnterpriseMetricsService } from './redis-enterprise-metrics-service.js';
import { RedisEnterpriseNodes } from './redis-enterprise-nodes.js';
import { RedisEnterprisePodDisruptionBudget } from './redis-enterprise-pod-disruption-budget.js';
import { RedisEnterpriseServicesRigger } from './redis-enterprise-services-rigger.js';
import { RedisEnterpriseServiceBroker } from './redis-enterprise-service-broker.js';
import { RedisEnterpriseNodeLoadBalancers } from './redis-enterprise-node-load-balancers.js';
import { RedisEnterpriseRestApiIngress } from './redis-enterprise-rest-api-ingress.js';
import { RedisEnterpriseIstioGateway } from './redis-enterprise-istio-gateway.js';
import { RedisEnterpriseIstioVirtualService } from './redis-enterprise-istio-virtual-service.js';
import { RedisEnterpriseOpenShiftRoute } from './redis-enterprise-open-shift-route.js';
import { ingressOrRoute, nodeLoadBalancers, uiServiceEnabled } from '../lib/api/external-access.js';
import { RedisEnterpriseUsageMeter } from './redis-enterprise-usage-meter.js';

export interface ClusterObjects {
  serviceAccount?: RedisEnterpriseServiceAccount;
  role: RedisEnterpriseRole;
  roleBinding: RedisEnterpriseRoleBinding;
  nodeReader?: RedisEnterpriseNodeReader;
  nodeRoleBinding?: RedisEnterpriseNodeRoleBinding;
  credentials?: RedisEnterpriseCredentials;
  passwordGenerator?: RedisEnterprisePasswordGenerator;
  licenseSecret?: RedisEnterpriseLicenseSecret;
  headlessService: RedisEnterpriseHeadlessService;
  restApiService: RedisEnterpriseRestApiService;
  uiService?: RedisEnterpriseUiService;
  metricsService: RedisEnterpriseMetricsService;
  nodeLoadBalancers?: RedisEnterpriseNodeLoadBalancers;
  restApiIngress?: RedisEnterpriseRestApiIngress;
  istioGateway?: RedisEnterpriseIstioGateway;
  istioVirtualService?: RedisEnterpriseIstioVirtualService;
  openShiftRoute?: RedisEnterpriseOpenShiftRoute;
  nodes: RedisEnterpriseNodes;
  podDisruptionBudget: RedisEnterprisePodDisruptionBudget;
  servicesRigger: RedisEnterpriseServicesRigger;
  serviceBroker?: RedisEnterpriseServiceBroker;
  usageMeter?: RedisEnterpriseUsageMeter;
}

/**
 * `passwordGenerator`: emit it with the credentials Secret; `passwordGeneratorImage`: its image;
 * `useInstalledClusterRoles`: bind the ClusterRoles the runner's install ships instead of
 * carrying the rules (what the runner renders); `istioGatewaySelector`: the Istio ingress
 * gateway's pod labels.
 */
export function clusterObjects(
  scope: Construct,
  cluster: ClusterContext,
  options: {
    passwordGenerator?: boolean;
    passwordGeneratorImage?: string;
    useInstalledClusterRoles?: boolean;
    istioGatewaySelector?: Readonly<Record<string, string>>;
  } = {},
): ClusterObjects {
  const installed = options.useInstalledClusterRoles ?? false;
  const spec = cluster.spec;
  const namespace = cluster.namespace;
  const out: Partial<ClusterObjects> = {};
  if (spec.createServiceAccount)
    out.serviceAccount = new RedisEnterpriseServiceAccount(scope, 'ServiceAccount', { cluster });
  out.role = new RedisEnterpriseRole(scope, 'Role', { cluster, secretsOnly: installed });
  out.roleBinding = new RedisEnterpriseRoleBinding(scope, 'RoleBinding', { cluster, role: out.role.apiObject });
  if (installed) out.nodeRoleBinding = new RedisEnterpriseNodeRoleBinding(scope, 'NodeRoleBinding', { cluster });
  if (spec.rackAwarenessNodeLabel && namespace)
    out.nodeReader = new RedisEnterpriseNodeReader(scope, 'NodeReader', {
      cluster,
      namespace,
      useInstalledClusterRole: installed,
    });
  if (cluster.credentials.managed) {
    out.credentials = new RedisEnterpriseCredentials(scope, 'Credentials', { cluster });
    if (options.passwordGenerator ?? true) {
      out.passwordGenerator = new RedisEnterprisePasswordGenerator(scope, 'RedisEnterprisePasswordGenerator', {
        cluster,
        ...(options.passwordGeneratorImage ? { image: options.passwordGeneratorImage } : {}),
      });
    }
  } else if (spec.license) out.licenseSecret = new RedisEnterpriseLicenseSecret(scope, 'License', { cluster });
  out.headlessService = new RedisEnterpriseHeadlessService(scope, 'HeadlessService', { cluster });
  out.restApiService = new RedisEnterpriseRestApiService(scope, 'RedisEnterpriseRestApiService', { cluster });
  if (uiServiceEnabled(spec))
    out.uiService = new RedisEnterpriseUiService(scope, 'RedisEnterpriseUiService', { cluster });
  out.metricsService = new RedisEnterpriseMetricsService(scope, 'RedisEnterpriseMetricsService', { cluster });
  const loadBalancers = nodeLoadBalancers(spec);
  if (loadBalancers)
    out.nodeLoadBalancers = new RedisEnterpriseNodeLoadBalancers(scope, 'NodeLoadBalancers', {
      cluster,
      settings: loadBalancers,
    });
  const access = ingressOrRoute(spec);
  if (access?.method === 'ingress')
    out.restApiIngress = new RedisEnterpriseRestApiIngress(scope, 'RedisEnterpriseRestApiIngress', { cluster, access });
  if (access?.method === 'istio') {
    out.istioGateway = new RedisEnterpriseIstioGateway(scope, 'RedisEnterpriseIstioGateway', {
      cluster,
      access,
      ...(options.istioGatewaySelector ? { selector: options.istioGatewaySelector } : {}),
    });
    out.istioVirtualService = new RedisEnterpriseIstioVirtualService(scope, 'RedisEnterpriseIstioVirtualService', {
      cluster,
      access,
    });
  }
  if (access?.method === 'openShiftRoute')
    out.openShiftRoute = new RedisEnterpriseOpenShiftRoute(scope, 'RedisEnterpriseOpenShiftRoute', { cluster, access });
  out.nodes = new RedisEnterpriseNodes(scope, 'Nodes', { cluster });
  out.podDisruptionBudget = new RedisEnterprisePodDisruptionBudget(scope, 'PodDisruptionBudget', { cluster });
  out.servicesRigger = new RedisEnterpriseServicesRigger(scope, 'RedisEnterpriseServicesRigger', { cluster });
  if (spec.serviceBrokerSpec?.enabled)
    out.serviceBroker = new RedisEnterpriseServiceBroker(scope, 'RedisEnterpriseServiceBroker', { cluster });
  // Only when asked for: the official operator runs it for every cluster, but it sends usage data
  // out of the cluster, which a cluster synthesized before this option existed never did.
  if (spec.usageMeter?.callHomeClient && !spec.usageMeter.callHomeClient.disabled)
    out.usageMeter = new RedisEnterpriseUsageMeter(scope, 'RedisEnterpriseUsageMeter', { cluster });
  return out as ClusterObjects;
}
