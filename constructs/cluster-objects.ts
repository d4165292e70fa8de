/**
 * The children of one cluster, in apply order (identity, access, credentials, Services, outside
 * access, nodes, disruption budget, rigger, broker, usage meter), from a resolved cluster. `RedisEnterpriseCluster` calls it
 * with a validated spec; the generative test also calls it with specs the schema refuses, to ask
 * the API server whether it would refuse their objects too.
 */
import type { Construct } from 'constructs';
import type { ClusterContext } from '../lib/cluster-context.js';
import { RedisEnterpriseServiceAccount } from './service-account.js';
import { RedisEnterpriseRole } from './role.js';
import { RedisEnterpriseRoleBinding } from './role-binding.js';
import { RedisEnterpriseNodeReader } from './node-reader.js';
import { RedisEnterpriseNodeRoleBinding } from './node-role-binding.js';
import { RedisEnterpriseCredentials } from './credentials-secret.js';
import { RedisEnterpriseLicenseSecret } from './license-secret.js';
import { PasswordGenerator } from './password-generator.js';
import { NodesHeadlessService } from './headless-service.js';
import { RestApiService } from './api-service.js';
import { UiService } from './ui-service.js';
import { MetricsService } from './metrics-service.js';
import { RedisEnterpriseNodes } from './statefulset.js';
import { NodesDisruptionBudget } from './pod-disruption-budget.js';
import { ServicesRigger } from './services-rigger.js';
import { ServiceBroker } from './service-broker.js';
import { NodeLoadBalancerServices } from './node-load-balancers.js';
import { RestApiIngress } from './rest-api-ingress.js';
import { IstioGateway } from './istio-gateway.js';
import { IstioVirtualService } from './istio-virtual-service.js';
import { OpenShiftRoute } from './openshift-route.js';
import { ingressOrRoute, nodeLoadBalancers, uiServiceEnabled } from '../lib/spec/external-access.js';
import { UsageMeter } from './usage-meter.js';

export interface ClusterObjects {
  serviceAccount?: RedisEnterpriseServiceAccount;
  role: RedisEnterpriseRole;
  roleBinding: RedisEnterpriseRoleBinding;
  nodeReader?: RedisEnterpriseNodeReader;
  nodeRoleBinding?: RedisEnterpriseNodeRoleBinding;
  credentials?: RedisEnterpriseCredentials;
  passwordGenerator?: PasswordGenerator;
  licenseSecret?: RedisEnterpriseLicenseSecret;
  headlessService: NodesHeadlessService;
  restApiService: RestApiService;
  uiService?: UiService;
  metricsService: MetricsService;
  nodeLoadBalancers?: NodeLoadBalancerServices;
  restApiIngress?: RestApiIngress;
  istioGateway?: IstioGateway;
  istioVirtualService?: IstioVirtualService;
  openShiftRoute?: OpenShiftRoute;
  nodes: RedisEnterpriseNodes;
  podDisruptionBudget: NodesDisruptionBudget;
  servicesRigger: ServicesRigger;
  serviceBroker?: ServiceBroker;
  usageMeter?: UsageMeter;
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
  out.roleBinding = new RedisEnterpriseRoleBinding(scope, 'RoleBinding', { cluster, role: out.role.role });
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
      out.passwordGenerator = new PasswordGenerator(scope, 'PasswordGenerator', {
        cluster,
        ...(options.passwordGeneratorImage ? { image: options.passwordGeneratorImage } : {}),
      });
    }
  } else if (spec.license) out.licenseSecret = new RedisEnterpriseLicenseSecret(scope, 'License', { cluster });
  out.headlessService = new NodesHeadlessService(scope, 'HeadlessService', { cluster });
  out.restApiService = new RestApiService(scope, 'RestApiService', { cluster });
  if (uiServiceEnabled(spec)) out.uiService = new UiService(scope, 'UiService', { cluster });
  out.metricsService = new MetricsService(scope, 'MetricsService', { cluster });
  const loadBalancers = nodeLoadBalancers(spec);
  if (loadBalancers)
    out.nodeLoadBalancers = new NodeLoadBalancerServices(scope, 'NodeLoadBalancers', {
      cluster,
      settings: loadBalancers,
    });
  const access = ingressOrRoute(spec);
  if (access?.method === 'ingress')
    out.restApiIngress = new RestApiIngress(scope, 'RestApiIngress', { cluster, access });
  if (access?.method === 'istio') {
    out.istioGateway = new IstioGateway(scope, 'IstioGateway', {
      cluster,
      access,
      ...(options.istioGatewaySelector ? { selector: options.istioGatewaySelector } : {}),
    });
    out.istioVirtualService = new IstioVirtualService(scope, 'IstioVirtualService', { cluster, access });
  }
  if (access?.method === 'openShiftRoute')
    out.openShiftRoute = new OpenShiftRoute(scope, 'OpenShiftRoute', { cluster, access });
  out.nodes = new RedisEnterpriseNodes(scope, 'Nodes', { cluster });
  out.podDisruptionBudget = new NodesDisruptionBudget(scope, 'PodDisruptionBudget', { cluster });
  out.servicesRigger = new ServicesRigger(scope, 'ServicesRigger', { cluster });
  if (spec.serviceBrokerSpec?.enabled) out.serviceBroker = new ServiceBroker(scope, 'ServiceBroker', { cluster });
  // Only when asked for: the official operator runs it for every cluster, but it sends usage data
  // out of the cluster, which a cluster synthesized before this option existed never did.
  if (spec.usageMeter?.callHomeClient && !spec.usageMeter.callHomeClient.disabled)
    out.usageMeter = new UsageMeter(scope, 'UsageMeter', { cluster });
  return out as ClusterObjects;
}
