/**
 * Kubernetes core types that appear inside the REC spec (resources, env vars, containers, volumes,
 * tolerations, ...). We check what the API server checks on the objects we render from them
 * (names, ports, quantities, keys, references) so a mistake is refused with the spec field that
 * carries it, and pass the rest through to the objects we create. Fields we do not model stay
 * as written (`preserveUnknownFields`): re-declaring the whole core API would only drift from it.
 */
import { z } from 'zod';
import { isQuantity, quantityValue } from './quantity.js';
import {
  DNS_LABEL,
  DNS_SUBDOMAIN,
  ENV_VAR_NAME,
  IPV4_LEGACY,
  LABEL_VALUE,
  MAX_KEY_LENGTH,
  celAnnotationKey,
  celLabelKey,
  celPattern,
  celPortName,
  isAnnotationKey,
  isLabelKey,
  isPortName,
} from './names-format.js';
import { withOpenApi, withRules, type Rule } from './rule.js';
import {
  MAX_ANNOTATION_VALUE,
  MAX_ANNOTATIONS,
  MAX_DNS_LABEL,
  MAX_ENV_NAME,
  MAX_ENV_VARS,
  MAX_HOSTNAMES,
  MAX_IMAGE_PART,
  MAX_LABELS,
  MAX_OBJECT_NAME,
  MAX_PATH,
  MAX_PORTS,
  MAX_QUANTITY,
  MAX_RESOURCES,
  MAX_TEXT,
  MAX_VOLUME_MOUNTS,
} from './bounds.js';
import { isIPv6 } from './ipv6.js';

/**
 * A string of `min` to `max` characters, the bound shared by zod and the CRD. (Chain nothing
 * after it but wrappers: a `.min()` after it would make a new schema without the CRD bound.)
 */
export const text = (max: number, min = 0) =>
  withOpenApi(min > 0 ? z.string().min(min) : z.string(), { maxLength: max });

const QUANTITY_MESSAGE = 'must be a non-negative Kubernetes quantity such as 2, 500m or 4Gi';
/**
 * A quantity is an int-or-string in the CRD (ours and the official one): the API server refuses
 * `cpu: 0.5` written as a number before any rule runs, so zod does too.
 */
const WHOLE_NUMBER_MESSAGE = 'must be a whole number or a quantity in quotes: write 0.5 as "500m" or "0.5"';

/** A resource quantity: a string like "4Gi" or a plain number. */
export const quantity = withRules(
  withOpenApi(z.union([z.string(), z.number()]), { intOrString: true, maxLength: MAX_QUANTITY }),
  [
    {
      holds: (v) => isQuantity(v),
      message: () => QUANTITY_MESSAGE,
      got: (v) => v,
      cel: `isQuantity(string(self)) && !quantity(string(self)).isLessThan(quantity('0'))`,
    },
    {
      holds: (v) => typeof v !== 'number' || !Number.isFinite(v) || Number.isInteger(v),
      message: () => WHOLE_NUMBER_MESSAGE,
      got: (v) => v,
      // The CRD's int-or-string type refuses a fraction itself (in its own words).
    },
  ],
);

/** A size a claim asks for: a PersistentVolumeClaim's storage request must be greater than zero. */
export const storageSize = withRules(quantity, [
  {
    holds: (v) => !isQuantity(v) || quantityValue(v) > 0,
    message: () => 'must be greater than zero: a volume needs a size such as 20Gi',
    got: (v) => v,
    cel: `!isQuantity(string(self)) || quantity(string(self)).isGreaterThan(quantity('0'))`,
  },
]);

/** A StorageClass name for a claim: empty (the cluster default) or an object name. */
export const storageClassName = withRules(text(MAX_OBJECT_NAME), [
  {
    holds: (v) => v === '' || DNS_SUBDOMAIN.test(v),
    message: () =>
      "must be a StorageClass name: lowercase letters, digits, '-' and '.', at most 253 characters (empty: the cluster default)",
    got: (v) => v,
    cel: `size(self) == 0 || self.matches('${celPattern(DNS_SUBDOMAIN)}')`,
  },
]);

/** A map of resource names to quantities (`requests`, `limits`). */
const resourceList = withOpenApi(z.record(z.string(), quantity), { maxProperties: MAX_RESOURCES });

/** Resources whose request may be lower than their limit, never higher (the API server's rule). */
const OVERCOMMITTABLE = ['cpu', 'memory', 'ephemeral-storage'] as const;

function requestAboveLimit(value: {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}): string | undefined {
  for (const resource of OVERCOMMITTABLE) {
    const request = value.requests?.[resource];
    const limit = value.limits?.[resource];
    if (request === undefined || limit === undefined || !isQuantity(request) || !isQuantity(limit)) continue;
    if (quantityValue(request) > quantityValue(limit)) return `${resource} ${request} > ${limit}`;
  }
  return undefined;
}

/** `ResourceRequirements` as in a container spec. */
export const resourceRequirements = withRules(
  withOpenApi(
    z.looseObject({
      limits: resourceList.optional(),
      requests: resourceList.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  [
    {
      path: ['requests'],
      holds: (v) => requestAboveLimit(v) === undefined,
      message: () => 'must not exceed limits: each of cpu, memory and ephemeral-storage requested at most its limit',
      got: (v) => requestAboveLimit(v),
      cel:
        `!has(self.requests) || !has(self.limits) || [${OVERCOMMITTABLE.map((r) => `'${r}'`).join(', ')}].all(r, !(r in self.requests) || !(r in self.limits) ` +
        `|| !isQuantity(string(self.requests[r])) || !isQuantity(string(self.limits[r])) ` +
        `|| !quantity(string(self.requests[r])).isGreaterThan(quantity(string(self.limits[r]))))`,
    },
  ],
);
export type ResourceRequirements = z.output<typeof resourceRequirements>;

/** A name the API server will accept for a Secret, ServiceAccount or PriorityClass. */
export function objectName(what: string) {
  const message = `must be a valid ${what} name: lowercase letters, digits, '-' and '.', at most 253 characters`;
  return withRules(z.string().max(MAX_OBJECT_NAME), [
    {
      holds: (v) => v.length <= MAX_OBJECT_NAME && DNS_SUBDOMAIN.test(v),
      message: () => message,
      got: (v) => v,
      cel: `size(self) <= ${MAX_OBJECT_NAME} && self.matches('${celPattern(DNS_SUBDOMAIN)}')`,
    },
  ]);
}

/** A DNS-1123 label: names of containers and volumes. */
export function dnsLabel(what: string) {
  return withRules(z.string().max(MAX_DNS_LABEL), [
    {
      holds: (v) => DNS_LABEL.test(v),
      message: () =>
        `must be a valid ${what} name: a DNS label of lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters`,
      got: (v) => v,
      cel: `self.matches('${celPattern(DNS_LABEL)}')`,
    },
  ]);
}

/** A label key, node selector key or topology key (a qualified name). */
export const LABEL_KEY_WORDS =
  "an optional DNS subdomain prefix of at most 253 characters and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric";
export const labelKey = withRules(text(MAX_KEY_LENGTH), [
  {
    holds: (v) => isLabelKey(v),
    message: () => `must be a label key: ${LABEL_KEY_WORDS}`,
    got: (v) => v,
    cel: celLabelKey('self'),
  },
]);

/** Free-form Kubernetes object passed through as written. */
export function passthroughObject() {
  return withOpenApi(z.record(z.string(), z.unknown()), { preserveUnknownFields: true });
}

const labelValue = withRules(text(MAX_TEXT), [
  {
    holds: (v) => v.length <= 63 && LABEL_VALUE.test(v),
    message: () =>
      "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
    got: (v) => v,
    cel: `size(self) <= 63 && self.matches('${celPattern(LABEL_VALUE)}')`,
  },
]);

const firstKey = (map: Record<string, unknown>, ok: (key: string) => boolean) => Object.keys(map).find((k) => !ok(k));

/** Labels (and node selectors): keys and values as `ValidateLabels` checks them. */
export function labelMap(extraRules: readonly Rule<Record<string, string>>[] = []) {
  return withRules(withOpenApi(z.record(z.string(), labelValue), { maxProperties: MAX_LABELS }), [
    {
      holds: (v) => firstKey(v, isLabelKey) === undefined,
      message: () => `every key must be a label key: ${LABEL_KEY_WORDS}`,
      got: (v) => firstKey(v, isLabelKey),
      cel: `self.all(k, ${celLabelKey('k')})`,
    },
    ...extraRules,
  ]);
}

/** Annotations: keys as `ValidateAnnotations` checks them (lowercased), values any text. */
export const annotationMap = withRules(
  withOpenApi(z.record(z.string(), text(MAX_ANNOTATION_VALUE)), { maxProperties: MAX_ANNOTATIONS }),
  [
    {
      holds: (v) => firstKey(v, isAnnotationKey) === undefined,
      message: () => `every key must be an annotation key: ${LABEL_KEY_WORDS} (letter case aside)`,
      got: (v) => firstKey(v, isAnnotationKey),
      cel: `self.all(k, ${celAnnotationKey('k')})`,
    },
  ],
);

const envVarName = withRules(text(MAX_ENV_NAME, 1), [
  {
    holds: (v) => v.length === 0 || ENV_VAR_NAME.test(v),
    message: () => "must be an environment variable name: printable ASCII characters other than '='",
    got: (v) => v,
    cel: `size(self) == 0 || self.matches('${celPattern(ENV_VAR_NAME)}')`,
  },
]);

export const envVar = withOpenApi(z.looseObject({ name: envVarName }), { preserveUnknownFields: true });
export const envVars = z.array(envVar).max(MAX_ENV_VARS);

const portNumber = (what: string, min: number) =>
  withRules(z.int(), [
    {
      holds: (v) => v >= min && v <= 65535,
      message: () => `must be a ${what} from ${min} to 65535`,
      got: (v) => v,
      cel: `self >= ${min} && self <= 65535`,
    },
  ]);

const portName = withRules(text(MAX_DNS_LABEL), [
  {
    holds: (v) => isPortName(v),
    message: () =>
      "must be a port name: at most 15 lowercase letters, digits and single '-' inside, with at least one letter",
    got: (v) => v,
    cel: celPortName('self'),
  },
]);

export const containerPort = withOpenApi(
  z.looseObject({
    containerPort: portNumber('port number', 1),
    name: portName.optional(),
    // 0 means "no host port".
    hostPort: portNumber('host port number (0: none)', 0).optional(),
    protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  }),
  { preserveUnknownFields: true },
);

export const volumeMount = withOpenApi(
  z.looseObject({
    name: dnsLabel('volume'),
    mountPath: text(MAX_PATH, 1),
  }),
  { preserveUnknownFields: true },
);
export const volumeMounts = z.array(volumeMount).max(MAX_VOLUME_MOUNTS);

const firstDuplicate = (names: readonly (string | undefined)[]) =>
  names.find((n, i) => n !== undefined && names.indexOf(n) !== i);

/** A container of the node pods (`sideContainersSpec`): what the API server checks in a pod template. */
export const container = withRules(
  withOpenApi(
    z.looseObject({
      name: dnsLabel('container'),
      // A pod template's container must name its image.
      image: text(MAX_IMAGE_PART, 1),
      ports: z.array(containerPort).max(MAX_PORTS).optional(),
      env: envVars.optional(),
      volumeMounts: volumeMounts.optional(),
      resources: resourceRequirements.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  [
    {
      path: ['ports'],
      holds: (c) => firstDuplicate((c.ports ?? []).map((p) => p.name)) === undefined,
      message: () => 'port names must be unique within a container',
      got: (c) => firstDuplicate((c.ports ?? []).map((p) => p.name)),
      cel: '!has(self.ports) || self.ports.all(p, !has(p.name) || self.ports.exists_one(q, has(q.name) && q.name == p.name))',
    },
    {
      path: ['volumeMounts'],
      holds: (c) => firstDuplicate((c.volumeMounts ?? []).map((m) => m.mountPath)) === undefined,
      message: () => 'mount paths must be unique within a container',
      got: (c) => firstDuplicate((c.volumeMounts ?? []).map((m) => m.mountPath)),
      // No CEL: comparing every pair of mount paths of every container (16 x 64 x 64 paths of up to
      // 1024 characters) is 2.7 times the API server's cost budget for one rule. CLI and runner only.
    },
  ],
);

/** The fields of a `VolumeSource`: a volume names exactly one of them. */
export const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

const sourcesOf = (v: Record<string, unknown>) => VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);

// Each source is declared, as an object passed through as written, so the CEL rule may test for it
// (CEL cannot see a field that has no type). One schema for all: schemas are immutable, and each
// one built costs import time (a cdk8s app pays it when it imports the constructs).
const volumeSource = passthroughObject().optional();
const volumeSourceFields = Object.fromEntries(VOLUME_SOURCES.map((source) => [source, volumeSource])) as Record<
  (typeof VOLUME_SOURCES)[number],
  typeof volumeSource
>;

/** A volume names at most one source; none is an emptyDir (the API server's default). */
export const volume = withRules(
  withOpenApi(z.looseObject({ name: dnsLabel('volume'), ...volumeSourceFields }), { preserveUnknownFields: true }),
  [
    {
      holds: (v) => sourcesOf(v).length <= 1,
      message: () =>
        'must have at most one volume source, such as emptyDir, configMap, secret or persistentVolumeClaim (none: an emptyDir)',
      got: (v) => sourcesOf(v).join(', '),
      cel: `[${VOLUME_SOURCES.map((s) => `has(self.${s})`).join(', ')}].filter(x, x).size() <= 1`,
    },
  ],
);

/** IPv4 (leading zeros allowed, as the legacy field parses it), IPv6 without a zone, or IPv4 in IPv6. */
export function isLegacyIP(value: string): boolean {
  if (IPV4_LEGACY.test(value)) return true;
  return isIPv6(value);
}

export const hostAlias = withOpenApi(
  z.looseObject({
    ip: withRules(text(64), [
      {
        holds: (v) => isLegacyIP(v),
        message: () => 'must be an IPv4 or IPv6 address',
        got: (v) => v,
        cel: `self.matches('${celPattern(IPV4_LEGACY)}') || (!self.contains('%') && self.contains(':') && (isIP(self) || (self.lowerAscii().startsWith('::ffff:') && self.substring(7).matches('${celPattern(IPV4_LEGACY)}'))))`,
      },
    ]),
    hostnames: z
      .array(
        withRules(text(MAX_OBJECT_NAME), [
          {
            holds: (v) => DNS_SUBDOMAIN.test(v),
            message: () => "must be a host name: lowercase letters, digits, '-' and '.', at most 253 characters",
            got: (v) => v,
            cel: `self.matches('${celPattern(DNS_SUBDOMAIN)}')`,
          },
        ]),
      )
      .max(MAX_HOSTNAMES)
      .optional(),
  }),
  { preserveUnknownFields: true },
);

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };

/** A toleration, with the checks `ValidateTolerations` makes. */
export const toleration = withRules(
  withOpenApi(
    z.looseObject({
      key: text(MAX_KEY_LENGTH).optional(),
      operator: text(MAX_TEXT).optional(),
      value: text(MAX_TEXT).optional(),
      effect: text(MAX_TEXT).optional(),
      tolerationSeconds: z.int().optional(),
    }),
    { preserveUnknownFields: true },
  ),
  [
    {
      path: ['key'],
      holds: (t: Toleration) => !t.key || isLabelKey(t.key),
      message: () => `must be a label key: ${LABEL_KEY_WORDS}`,
      got: (t: Toleration) => t.key,
      cel: `!has(self.key) || size(self.key) == 0 || ${celLabelKey('self.key')}`,
    },
    {
      path: ['operator'],
      holds: (t: Toleration) => [undefined, '', 'Equal', 'Exists'].includes(t.operator),
      message: () => 'must be Equal or Exists',
      got: (t: Toleration) => t.operator,
      cel: `!has(self.operator) || self.operator in ['', 'Equal', 'Exists']`,
    },
    {
      path: ['operator'],
      holds: (t: Toleration) => !!t.key || t.operator === 'Exists',
      message: () => 'must be Exists when key is empty (which tolerates every taint)',
      cel: `(has(self.key) && size(self.key) > 0) || (has(self.operator) && self.operator == 'Exists')`,
    },
    {
      path: ['value'],
      holds: (t: Toleration) =>
        t.operator === 'Exists'
          ? !t.value
          : t.operator === 'Equal' || !t.operator
            ? (t.value ?? '').length <= 63 && LABEL_VALUE.test(t.value ?? '')
            : true,
      message: () =>
        "must be a label value with operator Equal (at most 63 letters, digits, '-', '_' or '.'), and empty with operator Exists",
      got: (t: Toleration) => t.value,
      cel:
        `has(self.operator) && self.operator == 'Exists' ? (!has(self.value) || size(self.value) == 0) : ` +
        `(has(self.operator) && !(self.operator in ['', 'Equal'])) || !has(self.value) || (size(self.value) <= 63 && self.value.matches('${celPattern(LABEL_VALUE)}'))`,
    },
    {
      path: ['effect'],
      holds: (t: Toleration) => !t.effect || (TAINT_EFFECTS as readonly string[]).includes(t.effect),
      message: () => `must be ${TAINT_EFFECTS.join(', ')} or empty (every effect)`,
      got: (t: Toleration) => t.effect,
      cel: `!has(self.effect) || self.effect in ['', ${TAINT_EFFECTS.map((e) => `'${e}'`).join(', ')}]`,
    },
    {
      path: ['effect'],
      holds: (t: Toleration) => t.tolerationSeconds === undefined || t.effect === 'NoExecute',
      message: () => 'must be NoExecute when tolerationSeconds is set',
      got: (t: Toleration) => t.effect ?? '',
      cel: `!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')`,
    },
  ],
);

export const podAntiAffinity = passthroughObject();
export const localObjectReference = z.object({ name: objectName('Secret') });

export const imagePullPolicy = z.enum(['Always', 'IfNotPresent', 'Never']);

/** `ImageSpec`: where a container image comes from. */
export const imageSpec = z.object({
  repository: text(MAX_IMAGE_PART, 1).optional().describe('Image repository, e.g. redislabs/redis.'),
  versionTag: text(MAX_IMAGE_PART, 1).optional().describe('Image tag.'),
  imagePullPolicy: imagePullPolicy.optional().describe('Pull policy of the container.'),
  digestHash: text(MAX_IMAGE_PART, 1).optional().describe('Image digest; when set it is used instead of the tag.'),
});
export type ImageSpec = z.output<typeof imageSpec>;
