/**
 * Fields of the official CRD that this project accepts, keeps as written and does not act on: the
 * official operator passes them to Redis Enterprise through its REST API (which this project does
 * not call), or they belong to something not built here. Each says what it is and why it is not
 * acted on, checked against the official API reference (`redis_enterprise_cluster_api.md` in
 * RedisLabs/redis-enterprise-k8s-docs): that text is the field's description in the CRD and in the
 * spec's types, and what `validate`, the construct's warnings and the runner's status say. Their
 * shapes: not-acted-on-types.ts. The README's field table is checked against `route` by a test.
 */

/** Every such warning starts with this, so the runner can gather them in one condition. */
export const NOT_ACTED_ON_WARNING = 'accepted but not acted on';

export interface NotActedOnReason {
  /** What the field is, as the official API reference describes it. */
  readonly what: string;
  /**
   * Where the field goes instead: `rest-api`, the official operator passes it to Redis Enterprise
   * through its REST API; `neither`, something else, said in `why`.
   */
  readonly route: 'rest-api' | 'neither';
  /** For `neither` (and where the REST API alone does not say it all): what happens to it, and why not here. */
  readonly why?: string;
}

const REST_API = 'rest-api';

export const NOT_ACTED_ON_REASONS = {
  auditing: { what: 'Auditing of database connections and authentications', route: REST_API },
  backup: { what: 'Cluster-wide backup settings (S3)', route: REST_API },
  certificates: {
    what: 'Secrets with the certificates of the REST API, UI, proxy, syncer and others',
    route: REST_API,
  },
  clusterCredentialSecretRole: {
    what: 'Vault role for the credentials, with clusterCredentialSecretType: vault',
    route: 'neither',
    why: 'the Vault role Redis Enterprise logs in to Vault with; this project does not talk to Vault (with clusterCredentialSecretType: vault it creates nothing for the credentials)',
  },
  clusterRecovery: {
    what: 'Starts a recovery of the Redis Enterprise cluster',
    route: 'neither',
    why: 'the official operator recovers the cluster: it deletes the pods and rebuilds Redis Enterprise from its persistent files through the REST API; no recovery is built here',
  },
  dataInternodeEncryption: { what: 'Internode encryption of new databases', route: REST_API },
  encryptPkeys: { what: 'Encryption of private keys', route: REST_API },
  ldap: { what: 'LDAP authentication and authorization', route: REST_API },
  ocspConfiguration: { what: 'OCSP stapling of the proxy certificate', route: REST_API },
  podSecurityPolicyName: {
    what: 'A PodSecurityPolicy for the pods',
    route: 'neither',
    why: 'PodSecurityPolicy was removed from Kubernetes in 1.25 and the current official CRD has no such field; the pods meet Pod Security restricted instead',
  },
  redisUpgradePolicy: { what: 'Which Redis version databases get on upgrade: major or latest', route: REST_API },
  resp3Default: { what: 'RESP3 for databases on upgrade', route: REST_API },
  slaveHA: { what: 'High availability of replica shards', route: REST_API },
  sso: {
    what: 'Single sign-on to the Cluster Manager UI (SAML)',
    route: REST_API,
    why: 'the official operator configures SSO through the REST API and writes the service provider metadata it reads back from there into the Secret spMetadataSecretName; with no REST API client, neither is done here',
  },
  usageReportFields: {
    what: 'What the usage (call-home) report contains: all or restricted',
    route: 'neither',
    why: 'what the usage report holds; the official doc does not say which object or call carries it, and the call home CronJob rendered here is not given it',
  },
  vaultCASecret: {
    what: "Secret with Vault's CA certificate",
    route: 'neither',
    why: "the Secret with Vault's CA certificate, which the official operator reads to reach Vault; its doc names no object it changes, and this project does not talk to Vault",
  },
} as const satisfies Record<string, NotActedOnReason>;

export type NotActedOnField = keyof typeof NOT_ACTED_ON_REASONS;

export const NOT_ACTED_ON_FIELDS = Object.keys(NOT_ACTED_ON_REASONS) as NotActedOnField[];

const REST_API_REASON =
  "a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call";

function reasonText(reason: NotActedOnReason): string {
  return [reason.route === 'rest-api' ? REST_API_REASON : '', reason.why ?? ''].filter(Boolean).join('; ');
}

/** What `validate`, the construct and the runner say of a field not acted on. */
export function notActedOnMessage(field: NotActedOnField): string {
  return `${NOT_ACTED_ON_WARNING} (${reasonText(NOT_ACTED_ON_REASONS[field])})`;
}

/** The field's description in the schema, the CRD and the spec's types. */
export function notActedOnDescription(field: NotActedOnField): string {
  const reason: NotActedOnReason = NOT_ACTED_ON_REASONS[field];
  return `${reason.what}. Accepted, not acted on: ${reasonText(reason)}.`;
}

/**
 * Fields below an acted-on field that configure Redis Enterprise only, with what the message
 * says after NOT_ACTED_ON_WARNING.
 */
export const NOT_ACTED_ON_NESTED: readonly { readonly path: readonly string[]; readonly why: string }[] = [
  { path: ['redisOnFlashSpec', 'bigStoreDriver'], why: REST_API_REASON },
  {
    path: ['redisOnFlashSpec', 'flashStorageEngine'],
    why: 'deprecated for bigStoreDriver, a Redis Enterprise setting the official operator applies through its REST API, which this project does not call',
  },
  {
    path: ['userDefinedModules'],
    why: 'the official operator has Redis Enterprise download and install the modules through its REST API, which this project does not call; what is acted on is the rolling update its doc names: a change rolls the node pods',
  },
  // The Redis Enterprise services: only cmServer changes a Kubernetes object (disabled: no UI Service).
  ...['crdbCoordinator', 'crdbWorker', 'mdnsServer', 'pdnsServer', 'saslauthd', 'statsArchiver'].map((service) => ({
    path: ['redisEnterpriseServicesConfiguration', service],
    why: 'a Redis Enterprise service the official operator switches through its REST API, which this project does not call',
  })),
];

/**
 * Fields only the runner acts on (it reads the cluster: pods, the running version): in output
 * synthesized for GitOps nothing acts on them, which `validate` and the construct say with this
 * prefix; the runner, which does act on them, leaves these warnings out of its status.
 */
export const RUNNER_ONLY = 'acted on by the runner only';

export function runnerOnlyWarnings(spec: {
  podStartingPolicy?: { enabled: boolean } | undefined;
  upgradeSpec?: { autoUpgradeRedisEnterprise: boolean } | undefined;
  redisEnterpriseImageSpec?: { versionTag?: string | undefined; digestHash?: string | undefined } | undefined;
}): { path: string; message: string }[] {
  const warnings: { path: string; message: string }[] = [];
  if (spec.podStartingPolicy?.enabled)
    warnings.push({
      path: 'spec.podStartingPolicy',
      message: `${RUNNER_ONLY} (rec-cdk8s run deletes node pods stuck in ContainerCreating); synthesized output holds nothing that does`,
    });
  const named = spec.redisEnterpriseImageSpec?.versionTag ?? spec.redisEnterpriseImageSpec?.digestHash;
  if (spec.upgradeSpec?.autoUpgradeRedisEnterprise === false && named === undefined)
    warnings.push({
      path: 'spec.upgradeSpec.autoUpgradeRedisEnterprise',
      message: `${RUNNER_ONLY} (it keeps the Redis Enterprise version a running cluster runs); synthesized output holds this release's default version: pin redisEnterpriseImageSpec.versionTag, or give the construct runningRedisEnterpriseVersion`,
    });
  return warnings;
}
