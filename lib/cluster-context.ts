/**
 * Everything the constructs need to know about one cluster, computed once from the validated spec:
 * names, labels, effective defaults, images. Each construct reads from here instead of re-deriving,
 * so a naming or defaulting rule lives in exactly one place.
 */
import type { ParsedClusterSpec } from './spec/schema.js';
import { effectiveVolumeSize } from './spec/effective.js';
import type { QuantityInput } from './spec/quantity.js';
import { DEFAULT_IMAGES, redisEnterpriseImage, resolveImage, type ResolvedImage } from './spec/images.js';
import { clusterLabels, clusterObjectNames, clusterServiceAccountName } from './names.js';

export interface ClusterContext {
  readonly name: string;
  /** Unset: the object carries no namespace and lands where it is applied. */
  readonly namespace?: string;
  readonly spec: ParsedClusterSpec;
  readonly names: ReturnType<typeof clusterObjectNames>;
  /** `app`, `redis.io/cluster` and the user's `extraLabels`: on every object. */
  readonly labels: Record<string, string>;
  readonly serviceAccountName: string;
  /**
   * The Secret with username and password. `managed` when we emit it (the default name, unless
   * it exists already as the user's); a name the user sets is a Secret the user manages, which
   * we read and never write.
   */
  readonly credentials: { readonly secretName: string; readonly managed: boolean; readonly inVault: boolean };
  readonly volumeSize: QuantityInput;
  readonly images: {
    readonly redisEnterprise: ResolvedImage;
    readonly bootstrapper: ResolvedImage;
    readonly servicesRigger: ResolvedImage;
    readonly serviceBroker: ResolvedImage;
    readonly callHomeClient: ResolvedImage;
  };
}

/**
 * `existingCredentialsSecret`: the credentials Secret is the user's even under the default name.
 * `runningRedisEnterpriseVersion`: the tag the nodes run now (see redisEnterpriseImage).
 */
export function clusterContext(
  name: string,
  spec: ParsedClusterSpec,
  namespace?: string,
  options: { existingCredentialsSecret?: boolean; runningRedisEnterpriseVersion?: string } = {},
): ClusterContext {
  const names = clusterObjectNames(name);
  return {
    name,
    ...(namespace ? { namespace } : {}),
    spec,
    names,
    labels: clusterLabels(name, spec.extraLabels),
    serviceAccountName: clusterServiceAccountName(name, spec.serviceAccountName),
    credentials:
      spec.clusterCredentialSecretType === 'vault'
        ? // In Vault: nothing of ours to create; the nodes read the path themselves.
          { secretName: spec.clusterCredentialSecretName ?? name, managed: false, inVault: true }
        : {
            secretName: spec.clusterCredentialSecretName ?? name,
            managed: !options.existingCredentialsSecret && (spec.clusterCredentialSecretName ?? name) === name,
            inVault: false,
          },
    volumeSize: effectiveVolumeSize(spec),
    images: {
      redisEnterprise: redisEnterpriseImage(spec, options.runningRedisEnterpriseVersion),
      bootstrapper: resolveImage(spec.bootstrapperImageSpec, DEFAULT_IMAGES.bootstrapper),
      servicesRigger: resolveImage(spec.redisEnterpriseServicesRiggerImageSpec, DEFAULT_IMAGES.servicesRigger),
      serviceBroker: resolveImage(spec.serviceBrokerSpec?.imageSpec, DEFAULT_IMAGES.serviceBroker),
      callHomeClient: resolveImage(spec.usageMeter?.callHomeClient?.imageSpec, DEFAULT_IMAGES.callHomeClient),
    },
  };
}

/** `metadata` for an object of this cluster. */
export function objectMeta(
  cluster: ClusterContext,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
) {
  const annotations =
    extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {};
  return {
    name,
    ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
    labels: { ...cluster.labels, ...extra.labels },
    ...annotations,
  };
}

/** Quantities go to the API as strings; the spec allows numbers (`cpu: 2`). */
export function resourcesToApi(
  resources: { requests?: Record<string, QuantityInput>; limits?: Record<string, QuantityInput> } & Record<
    string,
    unknown
  >,
) {
  const asStrings = (list?: Record<string, QuantityInput>) =>
    list ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, String(v)])) : undefined;
  const { requests, limits, ...rest } = resources;
  return {
    ...rest,
    ...(limits ? { limits: asStrings(limits) } : {}),
    ...(requests ? { requests: asStrings(requests) } : {}),
  };
}

/** Pod-level settings every pod of the cluster shares: scheduling, pull secrets, priority. */
export function sharedPodSettings(cluster: ClusterContext) {
  const spec = cluster.spec;
  return {
    serviceAccountName: cluster.serviceAccountName,
    ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
    ...(spec.podTolerations ? { tolerations: spec.podTolerations } : {}),
    ...(spec.priorityClassName ? { priorityClassName: spec.priorityClassName } : {}),
    ...(spec.pullSecrets ? { imagePullSecrets: spec.pullSecrets } : {}),
  };
}
