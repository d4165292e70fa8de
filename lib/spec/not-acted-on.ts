/**
 * Fields of the official CRD that this project accepts, keeps as written and does not act on:
 * the official operator passes them to Redis Enterprise through its REST API (which this project
 * does not call), or they belong to something not built here. Why, field by field, is
 * NOT_ACTED_ON_REASONS below: `validate`, the construct's warnings and the runner's status say it.
 */
export const NOT_ACTED_ON_FIELDS = [
  'activeActive',
  'auditing',
  'backup',
  'certificates',
  'clusterCredentialSecretRole',
  'clusterRecovery',
  'dataInternodeEncryption',
  'encryptPkeys',
  'ingressOrRouteSpec',
  'ldap',
  'ocspConfiguration',
  'ossClusterSettings',
  'podSecurityPolicyName',
  'redisEnterpriseIPFamily',
  'redisEnterpriseServicesConfiguration',
  'redisUpgradePolicy',
  'resp3Default',
  'slaveHA',
  'sso',
  'usageReportFields',
  'vaultCASecret',
] as const;

export type NotActedOnField = (typeof NOT_ACTED_ON_FIELDS)[number];

/**
 * Where a field not acted on goes instead, as the official API doc and guides describe it:
 * `rest-api`, the official operator passes it to Redis Enterprise through its REST API; `neither`,
 * something else, said in `why`. Checked against the README's field table by a unit test.
 */
export interface NotActedOnReason {
  readonly route: 'rest-api' | 'neither';
  /** For `neither`: what the official operator does with it, and why this project does not. */
  readonly why?: string;
}

const REST_API: NotActedOnReason = { route: 'rest-api' };
const PART_A: NotActedOnReason = {
  route: 'neither',
  why: 'the official operator changes Kubernetes objects for it (see its API doc), which this project does not build yet',
};

export const NOT_ACTED_ON_REASONS: Record<NotActedOnField, NotActedOnReason> = {
  // Issue 13, part A (ingressOrRouteSpec, activeActive, redisEnterpriseIPFamily, ossClusterSettings,
  // redisEnterpriseServicesConfiguration) removes its fields from the list above and from here.
  activeActive: PART_A,
  ingressOrRouteSpec: PART_A,
  ossClusterSettings: PART_A,
  redisEnterpriseIPFamily: PART_A,
  redisEnterpriseServicesConfiguration: PART_A,
  // parity-b: the audit of the rest against the official API doc.
  auditing: REST_API,
  backup: REST_API,
  certificates: REST_API,
  clusterCredentialSecretRole: {
    route: 'neither',
    why: 'the Vault role Redis Enterprise logs in to Vault with; this project does not talk to Vault (with clusterCredentialSecretType: vault it creates nothing for the credentials)',
  },
  clusterRecovery: {
    route: 'neither',
    why: 'the official operator recovers the cluster: it deletes the pods and rebuilds Redis Enterprise from its persistent files through the REST API; no recovery is built here',
  },
  dataInternodeEncryption: REST_API,
  encryptPkeys: REST_API,
  ldap: REST_API,
  ocspConfiguration: REST_API,
  podSecurityPolicyName: {
    route: 'neither',
    why: 'PodSecurityPolicy was removed from Kubernetes in 1.25 and the current official CRD has no such field; the pods meet Pod Security restricted instead',
  },
  redisUpgradePolicy: REST_API,
  resp3Default: REST_API,
  slaveHA: REST_API,
  sso: {
    route: 'rest-api',
    why: 'the official operator configures SSO through the REST API and writes the service provider metadata it reads back from there into the Secret spMetadataSecretName; with no REST API client, neither is done here',
  },
  usageReportFields: {
    route: 'neither',
    why: 'what the usage report holds; the official doc does not say which object or call carries it, and the call home CronJob rendered here is not given it',
  },
  vaultCASecret: {
    route: 'neither',
    why: "the Secret with Vault's CA certificate, which the official operator reads to reach Vault; its doc names no object it changes, and this project does not talk to Vault",
  },
};

/** What `validate`, the construct and the runner say of a field not acted on. */
export function notActedOnMessage(field: NotActedOnField): string {
  const reason = NOT_ACTED_ON_REASONS[field];
  const route =
    reason.route === 'rest-api'
      ? "a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call"
      : '';
  return `${NOT_ACTED_ON} (${[route, reason.why].filter(Boolean).join('; ')})`;
}

/** Every such message starts with this, so the runner can gather them in one condition. */
export const NOT_ACTED_ON = 'accepted but not acted on';

/**
 * Fields below an acted-on field that configure Redis Enterprise only, with what the message
 * says after NOT_ACTED_ON.
 */
export const NOT_ACTED_ON_NESTED: readonly { readonly path: readonly string[]; readonly why: string }[] = [
  {
    path: ['redisOnFlashSpec', 'bigStoreDriver'],
    why: "a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call",
  },
  {
    path: ['redisOnFlashSpec', 'flashStorageEngine'],
    why: 'deprecated for bigStoreDriver, a Redis Enterprise setting the official operator applies through its REST API, which this project does not call',
  },
  {
    path: ['userDefinedModules'],
    why: 'the official operator has Redis Enterprise download and install the modules through its REST API, which this project does not call; what is acted on is the rolling update its doc names: a change rolls the node pods',
  },
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
