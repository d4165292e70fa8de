import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { clusterContext, type ClusterContext } from '../lib/cluster-context.js';
import { parseSpec, type SpecProblem } from '../lib/spec/validate.js';
import { CLUSTER_NAME_MESSAGE, clusterNameHolds, namespaceProblem } from '../lib/spec/manifest.js';
import type { RedisEnterpriseClusterSpec } from '../lib/spec/spec-types.js';
import { ClusterSpecError } from '../lib/errors.js';
import { shown } from '../lib/spec/shown.js';
import { clusterObjects } from './cluster-objects.js';
import type { RedisEnterpriseServiceAccount } from './service-account.js';
import type { RedisEnterpriseRole } from './role.js';
import type { RedisEnterpriseRoleBinding } from './role-binding.js';
import type { RedisEnterpriseNodeReader } from './node-reader.js';
import type { RedisEnterpriseNodeRoleBinding } from './node-role-binding.js';
import type { RedisEnterpriseCredentials } from './credentials-secret.js';
import type { RedisEnterpriseLicenseSecret } from './license-secret.js';
import type { PasswordGenerator } from './password-generator.js';
import type { NodesHeadlessService } from './headless-service.js';
import type { RestApiService } from './api-service.js';
import type { UiService } from './ui-service.js';
import type { MetricsService } from './metrics-service.js';
import type { RedisEnterpriseNodes } from './statefulset.js';
import type { NodesDisruptionBudget } from './pod-disruption-budget.js';
import type { ServicesRigger } from './services-rigger.js';
import type { ServiceBroker } from './service-broker.js';
import type { NodeLoadBalancerServices } from './node-load-balancers.js';
import type { RestApiIngress } from './rest-api-ingress.js';
import type { IstioGateway } from './istio-gateway.js';
import type { IstioVirtualService } from './istio-virtual-service.js';
import type { OpenShiftRoute } from './openshift-route.js';
import type { UsageMeter } from './usage-meter.js';

const RACK_NAMESPACE_MESSAGE =
  "needs a namespace, for the ServiceAccount in the node reader's ClusterRoleBinding: set the chart's namespace (new Chart(app, id, { namespace: 'redis' })) or the construct's namespace prop (rec-cdk8s render: metadata.namespace or -n)";

/** The name rule's problem; for a name taken from the construct id, the fix is the `name` prop. */
function nameProblem(name: string, fromId: boolean): SpecProblem {
  const got = `(got ${shown(name)})`;
  if (!fromId) return { path: 'metadata.name', message: `${CLUSTER_NAME_MESSAGE} ${got}` };
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  const example = clusterNameHolds(suggestion) ? `, e.g. { name: '${suggestion}' }` : '';
  return {
    path: 'metadata.name',
    message: `the construct id is the cluster name unless the name prop is set, and this id is not a valid one ${got}: set the name prop${example}. The name ${CLUSTER_NAME_MESSAGE}`,
  };
}

export interface RedisEnterpriseClusterProps {
  /**
   * Name of the cluster (the REC's `metadata.name`); every object's name derives from it. It must
   * be a DNS-1035 label of at most 48 characters: an id such as `'Cache'` is not, so set this.
   * @default the construct's id, when it is a valid cluster name (else an error names this prop)
   */
  readonly name?: string;
  /**
   * Namespace of every namespaced object.
   * @default the chart's namespace; without one, objects land where they are applied
   */
  readonly namespace?: string;
  /**
   * The cluster spec, exactly as in a RedisEnterpriseCluster manifest. Validated and defaulted
   * as the CRD and the runner do; an invalid spec throws `ClusterSpecError` naming every field.
   * @default {} (three nodes and every documented default)
   */
  readonly spec?: RedisEnterpriseClusterSpec;
  /**
   * The credentials Secret (`clusterCredentialSecretName`, default the cluster's name) already
   * exists and is yours, with `username` and `password`: nothing is emitted for it (no Secret, no
   * password generator, so no apply can overwrite your username), and an inline `license` goes
   * to a Secret of its own, `<name>-license`.
   * @default false
   */
  readonly existingCredentialsSecret?: boolean;
  /**
   * Emit the `PasswordGenerator` (a one-shot Job with a ServiceAccount allowed to read and patch
   * only the credentials Secret) so the synthesized output, applied by any GitOps tool with no
   * runner, ends with a usable admin password made inside the cluster. Only when the credentials
   * Secret is ours (no `clusterCredentialSecretName` of your own, not Vault). Set `false` when the
   * runner reconciles this cluster (it makes the password itself) or you add the password yourself.
   * @default true
   */
  readonly passwordGenerator?: boolean;
  /**
   * The image of the password generator Job.
   * @default this package's runner image (`DEFAULT_RUNNER_IMAGE`)
   */
  readonly passwordGeneratorImage?: string;
  /**
   * Bind the ClusterRoles the runner's install ships (`redis-enterprise-node`, and with rack
   * awareness `redis-enterprise-node-reader`) instead of putting their rules in Roles and
   * ClusterRoles of this cluster's own: what the runner sets, so it needs to hold only `bind` on
   * those two roles, not their rules. The cluster's Role then holds only its Secrets, by name.
   * Leave it off when no runner install is on the cluster (the roles would not exist).
   * @default false
   */
  readonly useInstalledClusterRoles?: boolean;
  /**
   * Labels of the Istio ingress gateway pods the Gateway of `ingressOrRouteSpec.method: istio`
   * configures (the spec has no field for them).
   * @default { istio: 'ingress' } (the official Istio docs' most common label)
   */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  /**
   * The Redis Enterprise version tag the cluster's nodes run now. Unless the spec names a version
   * (`redisEnterpriseImageSpec.versionTag` or `digestHash`) or sets
   * `upgradeSpec.autoUpgradeRedisEnterprise: true`, the nodes keep it instead of moving to this
   * package's default, as the official operator keeps a running cluster's version when it is
   * upgraded. The runner passes the tag its StatefulSet runs; in synthesized output, pin
   * `versionTag` (or pass this) to decide when a cluster upgrades.
   * @default none: the nodes run this package's default version
   */
  readonly runningRedisEnterpriseVersion?: string;
  /**
   * Print the spec's warnings (fields accepted but not acted on, unknown fields) as one line on
   * stderr when the construct is created. They are always in `warnings`; set `false` when your
   * code reports them itself (the CLI and the runner do).
   * @default true
   */
  readonly reportWarnings?: boolean;
}

/**
 * Every Kubernetes object the Redis Enterprise operator would create for one REC, synthesized
 * from its spec. Children are created in apply order (identity, access, credentials, Services,
 * outside access, nodes, disruption budget, rigger, broker, usage meter); each is exposed for platform
 * code to extend.
 */
export class RedisEnterpriseCluster extends Construct {
  /** The resolved cluster: names, labels, effective defaults. */
  public readonly cluster: ClusterContext;
  /**
   * What the spec carries that changes no object: fields accepted but not acted on (the official
   * operator pushes them over the REST API) and unknown fields. Empty when there are none.
   */
  public readonly warnings: readonly SpecProblem[];
  /** Absent with `createServiceAccount: false`. */
  public readonly serviceAccount?: RedisEnterpriseServiceAccount;
  public readonly role: RedisEnterpriseRole;
  public readonly roleBinding: RedisEnterpriseRoleBinding;
  /** Only with `useInstalledClusterRoles`: the binding to the installed `redis-enterprise-node` ClusterRole. */
  public readonly nodeRoleBinding?: RedisEnterpriseNodeRoleBinding;
  /** Only with `rackAwarenessNodeLabel` (which needs a namespace). */
  public readonly nodeReader?: RedisEnterpriseNodeReader;
  /** Absent when `clusterCredentialSecretName` names a Secret the user manages. */
  public readonly credentials?: RedisEnterpriseCredentials;
  /** With the credentials Secret, unless `passwordGenerator: false`. */
  public readonly passwordGenerator?: PasswordGenerator;
  /** Only for an inline license when the credentials Secret is the user's. */
  public readonly licenseSecret?: RedisEnterpriseLicenseSecret;
  public readonly headlessService: NodesHeadlessService;
  public readonly restApiService: RestApiService;
  /** Absent with `redisEnterpriseServicesConfiguration.cmServer.operatingMode: disabled`. */
  public readonly uiService?: UiService;
  public readonly metricsService: MetricsService;
  /** Only with `ossClusterSettings.externalAccessType: LoadBalancer`: one LoadBalancer Service per node pod. */
  public readonly nodeLoadBalancers?: NodeLoadBalancerServices;
  /** Only with `ingressOrRouteSpec` (or `activeActive`) method `ingress`. */
  public readonly restApiIngress?: RestApiIngress;
  /** Only with `ingressOrRouteSpec` method `istio`, with `istioVirtualService`. */
  public readonly istioGateway?: IstioGateway;
  /** Only with `ingressOrRouteSpec` method `istio`, with `istioGateway`. */
  public readonly istioVirtualService?: IstioVirtualService;
  /** Only with `ingressOrRouteSpec` (or `activeActive`) method `openShiftRoute`. */
  public readonly openShiftRoute?: OpenShiftRoute;
  public readonly nodes: RedisEnterpriseNodes;
  public readonly podDisruptionBudget: NodesDisruptionBudget;
  public readonly servicesRigger: ServicesRigger;
  /** Only with `serviceBrokerSpec.enabled`. */
  public readonly serviceBroker?: ServiceBroker;
  /** Only with `usageMeter.callHomeClient` (and not `disabled`). */
  public readonly usageMeter?: UsageMeter;

  constructor(scope: Construct, id: string, props: RedisEnterpriseClusterProps = {}) {
    super(scope, id);
    const name = props.name ?? id;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const problems: SpecProblem[] = [];
    if (!clusterNameHolds(name)) problems.push(nameProblem(name, props.name === undefined));
    const badNamespace = namespaceProblem(namespace);
    if (badNamespace) problems.push(badNamespace);
    const parsed = parseSpec(props.spec ?? {});
    problems.push(...parsed.errors);
    // The node reader's ClusterRoleBinding names the ServiceAccount with its namespace; without
    // one it cannot be written, and leaving it out would make rack awareness fail only at run time.
    if (parsed.spec?.rackAwarenessNodeLabel && !namespace)
      problems.push({ path: 'spec.rackAwarenessNodeLabel', message: RACK_NAMESPACE_MESSAGE });
    if (problems.length > 0 || !parsed.spec) throw new ClusterSpecError(name, problems);
    this.warnings = parsed.warnings;
    if (parsed.warnings.length > 0 && (props.reportWarnings ?? true)) {
      // cdk8s has no warning channel: one line on stderr (console, so jest shows it too).
      console.warn(
        `RedisEnterpriseCluster "${name}" (${this.node.path}): ${parsed.warnings.map((w) => `${w.path}: ${w.message}`).join('; ')}`,
      );
    }

    const cluster = clusterContext(name, parsed.spec, namespace, {
      existingCredentialsSecret: props.existingCredentialsSecret ?? false,
      ...(props.runningRedisEnterpriseVersion
        ? { runningRedisEnterpriseVersion: props.runningRedisEnterpriseVersion }
        : {}),
    });
    this.cluster = cluster;

    const objects = clusterObjects(this, cluster, {
      ...(props.passwordGenerator !== undefined ? { passwordGenerator: props.passwordGenerator } : {}),
      ...(props.passwordGeneratorImage ? { passwordGeneratorImage: props.passwordGeneratorImage } : {}),
      ...(props.useInstalledClusterRoles ? { useInstalledClusterRoles: true } : {}),
      ...(props.istioGatewaySelector ? { istioGatewaySelector: props.istioGatewaySelector } : {}),
    });
    this.role = objects.role;
    this.roleBinding = objects.roleBinding;
    this.headlessService = objects.headlessService;
    this.restApiService = objects.restApiService;
    if (objects.uiService) this.uiService = objects.uiService;
    this.metricsService = objects.metricsService;
    if (objects.nodeLoadBalancers) this.nodeLoadBalancers = objects.nodeLoadBalancers;
    if (objects.restApiIngress) this.restApiIngress = objects.restApiIngress;
    if (objects.istioGateway) this.istioGateway = objects.istioGateway;
    if (objects.istioVirtualService) this.istioVirtualService = objects.istioVirtualService;
    if (objects.openShiftRoute) this.openShiftRoute = objects.openShiftRoute;
    this.nodes = objects.nodes;
    this.podDisruptionBudget = objects.podDisruptionBudget;
    this.servicesRigger = objects.servicesRigger;
    if (objects.serviceAccount) this.serviceAccount = objects.serviceAccount;
    if (objects.nodeReader) this.nodeReader = objects.nodeReader;
    if (objects.nodeRoleBinding) this.nodeRoleBinding = objects.nodeRoleBinding;
    if (objects.credentials) this.credentials = objects.credentials;
    if (objects.passwordGenerator) this.passwordGenerator = objects.passwordGenerator;
    if (objects.licenseSecret) this.licenseSecret = objects.licenseSecret;
    if (objects.serviceBroker) this.serviceBroker = objects.serviceBroker;
    if (objects.usageMeter) this.usageMeter = objects.usageMeter;
  }
}
