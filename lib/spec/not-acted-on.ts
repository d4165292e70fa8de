/**
 * Fields of the official CRD that the official operator pushes into Redis Enterprise through its
 * REST API (or that belong to features we do not build). They change no Kubernetes object, so we
 * accept a manifest that carries them, keep them as written, and say that we do not act on them.
 */
/** Every warning about such a field starts with this, so the runner can tell these warnings from the others. */
export const NOT_ACTED_ON_WARNING = 'accepted but not acted on';

export const NOT_ACTED_ON_FIELDS = [
  'auditing',
  'backup',
  'certificates',
  'clusterCredentialSecretRole',
  'clusterRecovery',
  'containerTimezone',
  'dataInternodeEncryption',
  'encryptPkeys',
  'ldap',
  'ocspConfiguration',
  'podSecurityPolicyName',
  'podStartingPolicy',
  'redisEnterpriseAdditionalPodSpecAttributes',
  'redisOnFlashSpec',
  'redisUpgradePolicy',
  'resp3Default',
  'slaveHA',
  'sso',
  'upgradeSpec',
  'usageMeter',
  'usageReportFields',
  'userDefinedModules',
  'vaultCASecret',
] as const;

/** Below `servicesRiggerSpec`, the same idea for one nested field. */
export const NOT_ACTED_ON_RIGGER_FIELDS = ['servicesRiggerAdditionalPodSpecAttributes'] as const;

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
