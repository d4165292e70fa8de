/**
 * Default container images, in one place: bump them here when a new Redis Enterprise or operator
 * release is adopted. Versions are the ones the official operator bundle ships together.
 */
import type { ImageSpec } from './kubernetes-types.js';
import type { ParsedClusterSpec } from './schema.js';

/** The operator release these defaults come from. */
export const OPERATOR_VERSION = '8.0.20-23';
/** The Redis Enterprise release that operator release installs. */
export const REDIS_ENTERPRISE_VERSION = '8.0.20-44';

export interface ResolvedImage {
  readonly image: string;
  readonly imagePullPolicy?: ImageSpec['imagePullPolicy'];
}

export const DEFAULT_IMAGES = {
  redisEnterprise: { repository: 'redislabs/redis', versionTag: REDIS_ENTERPRISE_VERSION },
  bootstrapper: { repository: 'redislabs/operator', versionTag: OPERATOR_VERSION },
  servicesRigger: { repository: 'redislabs/k8s-controller', versionTag: OPERATOR_VERSION },
  // The broker was last published alongside the 6.0.x operators; there is no newer image to track.
  serviceBroker: { repository: 'redislabs/service-broker', versionTag: '6.0.6-6' },
  // The usage meter's CronJob: the release notes list it beside the operator, with the operator's tag.
  callHomeClient: { repository: 'redislabs/re-call-home-client', versionTag: OPERATOR_VERSION },
} as const;

/** The image reference for a container: a digest wins over a tag, the spec wins over the default. */
export function resolveImage(
  spec: ImageSpec | undefined,
  fallback: { repository: string; versionTag: string },
): ResolvedImage {
  const repository = spec?.repository ?? fallback.repository;
  const image = spec?.digestHash
    ? `${repository}@${spec.digestHash.includes(':') ? spec.digestHash : `sha256:${spec.digestHash}`}`
    : `${repository}:${spec?.versionTag ?? fallback.versionTag}`;
  return spec?.imagePullPolicy ? { image, imagePullPolicy: spec.imagePullPolicy } : { image };
}

/**
 * The Redis Enterprise image of the nodes. A running cluster keeps the version it runs (`running`,
 * the tag of its StatefulSet) unless the spec names one (versionTag or digestHash) or asks to follow
 * upgrades (`upgradeSpec.autoUpgradeRedisEnterprise`): what the official operator does when it is
 * upgraded and brings a newer default ("To trigger automatic upgrade of the REC after the operator
 * upgrade completes, specify autoUpgradeRedisEnterprise: true"; otherwise edit the versionTag).
 */
export function redisEnterpriseImage(
  spec: Pick<ParsedClusterSpec, 'redisEnterpriseImageSpec' | 'upgradeSpec'>,
  running?: string,
): ResolvedImage {
  const named = spec.redisEnterpriseImageSpec?.versionTag ?? spec.redisEnterpriseImageSpec?.digestHash;
  const keep = running !== undefined && named === undefined && spec.upgradeSpec?.autoUpgradeRedisEnterprise !== true;
  return resolveImage(
    keep ? { ...spec.redisEnterpriseImageSpec, versionTag: running } : spec.redisEnterpriseImageSpec,
    DEFAULT_IMAGES.redisEnterprise,
  );
}

/** The tag of an image reference (`repo/name:tag`), or undefined for a digest or no tag. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}
