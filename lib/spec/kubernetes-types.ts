/**
 * Kubernetes core types that appear inside the REC spec (resources, env vars, containers, volumes,
 * tolerations, ...). We check what we depend on (names, quantities) and pass the rest through to
 * the objects we create, where the API server validates it in full; re-declaring the whole core
 * API here would only drift from it.
 */
import { z } from 'zod';
import { isQuantity } from './quantity.js';
import { DNS_SUBDOMAIN, celPattern } from './names-format.js';
import { withOpenApi, withRules } from './rule.js';

const QUANTITY_MESSAGE = 'must be a non-negative Kubernetes quantity such as 2, 500m or 4Gi';

/** A resource quantity: a string like "4Gi" or a plain number. */
export const quantity = withRules(
  withOpenApi(z.union([z.string(), z.number()]), { intOrString: true, maxLength: 64 }),
  [
    {
      holds: (v) => isQuantity(v),
      message: () => QUANTITY_MESSAGE,
      cel: `isQuantity(string(self)) && !quantity(string(self)).isLessThan(quantity('0'))`,
    },
  ],
);

/** A map of resource names to quantities (`requests`, `limits`). */
const resourceList = withOpenApi(z.record(z.string(), quantity), { maxProperties: 32 });

/** `ResourceRequirements` as in a container spec. */
export const resourceRequirements = withOpenApi(
  z.looseObject({
    limits: resourceList.optional(),
    requests: resourceList.optional(),
  }),
  { preserveUnknownFields: true },
);
export type ResourceRequirements = z.output<typeof resourceRequirements>;

/** A name the API server will accept for a Secret, ServiceAccount or PriorityClass. */
export function objectName(what: string) {
  const message = `must be a valid ${what} name: lowercase letters, digits, '-' and '.', at most 253 characters`;
  return withRules(z.string().max(253), [
    {
      holds: (v) => v.length <= 253 && DNS_SUBDOMAIN.test(v),
      message: () => message,
      cel: `size(self) <= 253 && self.matches('${celPattern(DNS_SUBDOMAIN)}')`,
    },
  ]);
}

/** Free-form Kubernetes object passed through as written. */
export function passthroughObject() {
  return withOpenApi(z.record(z.string(), z.unknown()), { preserveUnknownFields: true });
}

/** A Kubernetes object that must at least carry the named string fields. */
function namedObject(required: readonly string[]) {
  const shape: Record<string, z.ZodString> = {};
  for (const key of required) shape[key] = z.string().min(1);
  return withOpenApi(z.looseObject(shape), { preserveUnknownFields: true });
}

export const envVar = namedObject(['name']);
export const container = namedObject(['name']);
export const volume = namedObject(['name']);
export const volumeMount = namedObject(['name', 'mountPath']);
export const hostAlias = withOpenApi(z.looseObject({ ip: z.string().min(1) }), { preserveUnknownFields: true });
export const toleration = passthroughObject();
export const podAntiAffinity = passthroughObject();
export const localObjectReference = z.object({ name: objectName('Secret') });
export const stringMap = z.record(z.string(), z.string());

export const imagePullPolicy = z.enum(['Always', 'IfNotPresent', 'Never']);

/** `ImageSpec`: where a container image comes from. */
export const imageSpec = z.object({
  repository: z.string().min(1).optional().describe('Image repository, e.g. redislabs/redis.'),
  versionTag: z.string().min(1).optional().describe('Image tag.'),
  imagePullPolicy: imagePullPolicy.optional().describe('Pull policy of the container.'),
  digestHash: z.string().min(1).optional().describe('Image digest; when set it is used instead of the tag.'),
});
export type ImageSpec = z.output<typeof imageSpec>;
