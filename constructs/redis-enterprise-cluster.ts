import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { clusterContext, type ClusterContext } from '../lib/cluster-context.js';
import { parseSpec, type SpecProblem } from '../lib/spec/validate.js';
import { CLUSTER_NAME_MESSAGE, clusterNameHolds, namespaceProblem } from '../lib/spec/manifest.js';
import type { RedisEnterpriseClusterSpec } from '../lib/spec/schema.js';
import { ClusterSpecError } from '../lib/errors.js';
import { shown } from '../lib/spec/shown.js';
import { clusterObjects } from './cluster-objects.js';
import type { RedisEnterpriseServiceAccount } from './service-account.js';
import type { RedisEnterpriseRole } from './role.js';
import type { RedisEnterpriseRoleBinding } from './role-binding.js';
import type { RedisEnterpriseNodeReader } from './node-reader.js';
import type { RedisEnterpriseCredentials } from './credentials-secret.js';
import type { RedisEnterpriseLicenseSecret } from './license-secret.js';
import type { NodesHeadlessService } from './headless-service.js';
import type { RestApiService } from './api-service.js';
import type { UiService } from './ui-service.js';
import type { MetricsService } from './metrics-service.js';
import type { RedisEnterpriseNodes } from './statefulset.js';
import type { NodesDisruptionBudget } from './pod-disruption-budget.js';
import type { ServicesRigger } from './services-rigger.js';
import type { ServiceBroker } from './service-broker.js';

export interface RedisEnterpriseClusterProps {
  /**
   * Name of the cluster (the REC's `metadata.name`); every object's name derives from it.
   * @default the construct's id
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
}

/**
 * Every Kubernetes object the Redis Enterprise operator would create for one REC, synthesized
 * from its spec. Children are created in apply order (identity, access, credentials, Services,
 * nodes, disruption budget, rigger, broker); each is exposed for platform code to extend.
 */
export class RedisEnterpriseCluster extends Construct {
  /** The resolved cluster: names, labels, effective defaults. */
  public readonly cluster: ClusterContext;
  /** Absent with `createServiceAccount: false`. */
  public readonly serviceAccount?: RedisEnterpriseServiceAccount;
  public readonly role: RedisEnterpriseRole;
  public readonly roleBinding: RedisEnterpriseRoleBinding;
  /** Only with `rackAwarenessNodeLabel` (and a known namespace). */
  public readonly nodeReader?: RedisEnterpriseNodeReader;
  /** Absent when `clusterCredentialSecretName` names a Secret the user manages. */
  public readonly credentials?: RedisEnterpriseCredentials;
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
    const problems: SpecProblem[] = [];
    if (!clusterNameHolds(name)) problems.push({ path: 'metadata.name', message: `${CLUSTER_NAME_MESSAGE} (got ${shown(name)})` });
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const badNamespace = namespaceProblem(namespace);
    if (badNamespace) problems.push(badNamespace);
    const parsed = parseSpec(props.spec ?? {});
    problems.push(...parsed.errors);
    if (problems.length > 0 || !parsed.spec) throw new ClusterSpecError(name, problems);

    const cluster = clusterContext(name, parsed.spec, namespace);
    this.cluster = cluster;

    const objects = clusterObjects(this, cluster);
    this.role = objects.role;
    this.roleBinding = objects.roleBinding;
    this.headlessService = objects.headlessService;
    this.restApiService = objects.restApiService;
    this.uiService = objects.uiService;
    this.metricsService = objects.metricsService;
    this.nodes = objects.nodes;
    this.podDisruptionBudget = objects.podDisruptionBudget;
    this.servicesRigger = objects.servicesRigger;
    if (objects.serviceAccount) this.serviceAccount = objects.serviceAccount;
    if (objects.nodeReader) this.nodeReader = objects.nodeReader;
    if (objects.credentials) this.credentials = objects.credentials;
    if (objects.licenseSecret) this.licenseSecret = objects.licenseSecret;
    if (objects.serviceBroker) this.serviceBroker = objects.serviceBroker;
  }
}
