/**
 * Default container images, in one place: bump them here when a new Redis Enterprise or operator
 * release is adopted. Versions are the ones the official operator bundle ships together.
 */
import type { ImageSpec } from './kubernetes-types.js';

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
