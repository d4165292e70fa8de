import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { clusterContext, type ClusterContext } from '../lib/cluster-context.js';
import { parseSpec, type SpecProblem } from '../lib/spec/validate.js';
import { CLUSTER_NAME_MESSAGE, clusterNameHolds } from '../lib/spec/manifest.js';
import type { RedisEnterpriseClusterSpec } from '../lib/spec/schema.js';
import { ClusterSpecError } from '../lib/errors.js';
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

const RACK_NAMESPACE_MESSAGE = "needs a namespace, for the ServiceAccount in the node reader's ClusterRoleBinding: set the chart's namespace (new Chart(app, id, { namespace: 'redis' })) or the construct's namespace prop (rec-cdk8s render: metadata.namespace or -n)";

/** The name rule's problem; for a name taken from the construct id, the fix is the `name` prop. */
function nameProblem(name: string, fromId: boolean): SpecProblem {
  const got = `(got ${JSON.stringify(name)})`;
  if (!fromId) return { path: 'metadata.name', message: `${CLUSTER_NAME_MESSAGE} ${got}` };
  const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  const example = clusterNameHolds(suggestion) ? `, e.g. { name: '${suggestion}' }` : '';
  return { path: 'metadata.name', message: `the construct id is the cluster name unless the name prop is set, and this id is not a valid one ${got}: set the name prop${example}. The name ${CLUSTER_NAME_MESSAGE}` };
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
 * nodes, disruption budget, rigger, broker); each is exposed for platform code to extend.
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
  public readonly uiService: UiService;
  public readonly metricsService: MetricsService;
  public readonly nodes: RedisEnterpriseNodes;
  public readonly podDisruptionBudget: NodesDisruptionBudget;
  public readonly servicesRigger: ServicesRigger;
  /** Only with `serviceBrokerSpec.enabled`. */
  public readonly serviceBroker?: ServiceBroker;

  constructor(scope: Construct, id: string, props: RedisEnterpriseClusterProps = {}) {
    super(scope, id);
    const name = props.name ?? id;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const problems: SpecProblem[] = [];
    if (!clusterNameHolds(name)) problems.push(nameProblem(name, props.name === undefined));
    const parsed = parseSpec(props.spec ?? {});
    problems.push(...parsed.errors);
    // The node reader's ClusterRoleBinding names the ServiceAccount with its namespace; without
    // one it cannot be written, and leaving it out would make rack awareness fail only at run time.
    if (parsed.spec?.rackAwarenessNodeLabel && !namespace) problems.push({ path: 'spec.rackAwarenessNodeLabel', message: RACK_NAMESPACE_MESSAGE });
    if (problems.length > 0 || !parsed.spec) throw new ClusterSpecError(name, problems);
    this.warnings = parsed.warnings;
    if (parsed.warnings.length > 0 && (props.reportWarnings ?? true)) {
      // cdk8s has no warning channel: one line on stderr (console, so jest shows it too).
      console.warn(`RedisEnterpriseCluster "${name}" (${this.node.path}): ${parsed.warnings.map((w) => `${w.path}: ${w.message}`).join('; ')}`);
    }

    const cluster = clusterContext(name, parsed.spec, namespace, { existingCredentialsSecret: props.existingCredentialsSecret ?? false });
    this.cluster = cluster;
    const spec = parsed.spec;

    if (spec.createServiceAccount) this.serviceAccount = new RedisEnterpriseServiceAccount(this, 'ServiceAccount', { cluster });
    const installed = props.useInstalledClusterRoles ?? false;
    this.role = new RedisEnterpriseRole(this, 'Role', { cluster, secretsOnly: installed });
    this.roleBinding = new RedisEnterpriseRoleBinding(this, 'RoleBinding', { cluster, role: this.role.role });
    if (installed) this.nodeRoleBinding = new RedisEnterpriseNodeRoleBinding(this, 'NodeRoleBinding', { cluster });
    if (spec.rackAwarenessNodeLabel && namespace) this.nodeReader = new RedisEnterpriseNodeReader(this, 'NodeReader', { cluster, namespace, useInstalledClusterRole: installed });
    if (cluster.credentials.managed) {
      this.credentials = new RedisEnterpriseCredentials(this, 'Credentials', { cluster });
      if (props.passwordGenerator ?? true) {
        this.passwordGenerator = new PasswordGenerator(this, 'PasswordGenerator', { cluster, ...(props.passwordGeneratorImage ? { image: props.passwordGeneratorImage } : {}) });
      }
    } else if (spec.license) this.licenseSecret = new RedisEnterpriseLicenseSecret(this, 'License', { cluster });
    this.headlessService = new NodesHeadlessService(this, 'HeadlessService', { cluster });
    this.restApiService = new RestApiService(this, 'RestApiService', { cluster });
    this.uiService = new UiService(this, 'UiService', { cluster });
    this.metricsService = new MetricsService(this, 'MetricsService', { cluster });
    this.nodes = new RedisEnterpriseNodes(this, 'Nodes', { cluster });
    this.podDisruptionBudget = new NodesDisruptionBudget(this, 'PodDisruptionBudget', { cluster });
    this.servicesRigger = new ServicesRigger(this, 'ServicesRigger', { cluster });
    if (spec.serviceBrokerSpec?.enabled) this.serviceBroker = new ServiceBroker(this, 'ServiceBroker', { cluster });
  }
}
