/**
 * Fields of the official CRD that the official operator pushes into Redis Enterprise through its
 * REST API, or that belong to features we do not build. They change no Kubernetes object of ours,
 * so we accept a manifest that carries them, keep them as written, and say that we do not act on
 * them. Each says what it is and what the official operator does with it (its API reference,
 * `redis_enterprise_cluster_api.md` in RedisLabs/redis-enterprise-k8s-docs): the description of
 * the field in the CRD and in the spec's types. Their shapes: not-acted-on-types.ts.
 */
/** Every warning about such a field starts with this, so the runner can tell these warnings from the others. */
export const NOT_ACTED_ON_WARNING = 'accepted but not acted on';

const REST = 'a Redis Enterprise setting the official operator applies through the Redis Enterprise REST API';

export const NOT_ACTED_ON = {
  auditing: ['Auditing of database connections and authentications', REST],
  backup: ['Cluster-wide backup settings (S3)', REST],
  certificates: ['Secrets with the certificates of the REST API, UI, proxy, syncer and others', REST],
  clusterCredentialSecretRole: [
    'Vault role for the credentials, with clusterCredentialSecretType: vault',
    'the official operator reads Vault with it; this project reads no Vault',
  ],
  clusterRecovery: [
    'Starts a recovery of the Redis Enterprise cluster',
    'the official operator runs the recovery and clears the field',
  ],
  containerTimezone: [
    'Timezone of the Redis Enterprise containers',
    "the official operator sets it in the pods (an environment variable, or a hostPath volume of the host's timezone)",
  ],
  dataInternodeEncryption: ['Internode encryption of new databases', REST],
  encryptPkeys: ['Encryption of private keys', REST],
  ldap: ['LDAP authentication and authorization', REST],
  ocspConfiguration: ['OCSP stapling of the proxy certificate', REST],
  podSecurityPolicyName: [
    'A PodSecurityPolicy for the pods',
    'PodSecurityPolicy is gone since Kubernetes 1.25; the official operator has dropped the field',
  ],
  podStartingPolicy: [
    'Node pods stuck in ContainerCreating',
    'the official operator detects them and deletes them after a threshold',
  ],
  redisEnterpriseAdditionalPodSpecAttributes: [
    'Extra PodSpec fields of the node pods',
    'the official operator adds them to the node pods',
  ],
  redisOnFlashSpec: [
    'Redis Flex (Redis on Flash)',
    'the official operator adds a flash volume claim to the nodes and turns it on',
  ],
  redisUpgradePolicy: ['Which Redis version databases get on upgrade: major or latest', REST],
  resp3Default: ['RESP3 for databases on upgrade', REST],
  slaveHA: ['High availability of replica shards', REST],
  sso: ['Single sign-on to the Cluster Manager UI (SAML)', REST],
  upgradeSpec: [
    'Automatic upgrades of Redis Enterprise',
    'the official operator upgrades Redis Enterprise when it is itself upgraded',
  ],
  usageMeter: ['The usage meter', 'the official operator runs a call-home CronJob for it'],
  usageReportFields: ['What the usage (call-home) report contains: all or restricted', REST],
  userDefinedModules: [
    'Redis modules to download and install on every node',
    'the official operator installs them when the cluster bootstraps',
  ],
  vaultCASecret: [
    "Secret with Vault's CA certificate",
    'the official operator gives it to the pods that read Vault; this project reads no Vault',
  ],
} as const satisfies Record<string, readonly [what: string, officialOperator: string]>;

export const NOT_ACTED_ON_FIELDS = Object.keys(NOT_ACTED_ON) as (keyof typeof NOT_ACTED_ON)[];

/** Below `servicesRiggerSpec`, the same idea for one nested field. */
export const NOT_ACTED_ON_RIGGER = {
  servicesRiggerAdditionalPodSpecAttributes: [
    'Extra PodSpec fields of the services rigger pod',
    'the official operator adds them to the rigger pod',
  ],
} as const satisfies Record<string, readonly [what: string, officialOperator: string]>;

export const NOT_ACTED_ON_RIGGER_FIELDS = Object.keys(NOT_ACTED_ON_RIGGER) as (keyof typeof NOT_ACTED_ON_RIGGER)[];

/** The description of a field we accept and do not act on. */
export function notActedOnDescription([what, officialOperator]: readonly [string, string]): string {
  return `${what}. Accepted, not acted on: ${officialOperator}.`;
}

/**
 * Below `redisEnterpriseServicesConfiguration`: Redis Enterprise services the official operator
 * switches inside Redis Enterprise. Only `cmServer` changes a Kubernetes object (disabled: no UI
 * Service), so it is not listed.
 */
export const NOT_ACTED_ON_SERVICES_CONFIGURATION_FIELDS = [
  'crdbCoordinator',
  'crdbWorker',
  'mdnsServer',
  'pdnsServer',
  'saslauthd',
  'statsArchiver',
] as const;
