/**
 * Rules that span fields of one spec (odd node count, mutually exclusive options). `self` in the
 * CEL is the spec object; defaults are spelled out with `has()` because the API server sees the
 * manifest as written, while the zod side sees it with defaults applied.
 */
import type { z } from 'zod';
import type { Rule } from './rule.js';
import { DNS_SUBDOMAIN, celPattern } from './names-format.js';
import type { clusterSpecShape } from './schema.js';
import {
  APP_LABEL,
  CLUSTER_LABEL,
  CONTAINER_BOOTSTRAPPER,
  CONTAINER_NODE,
  MASTER_LABEL,
  ROLE_LABEL,
  STORAGE_MOUNT_PATH,
  STORAGE_VOLUME,
} from './names.js';
import { MAX_ANNOTATIONS_BYTES, MAX_INT32, MAX_SPEC_BYTES } from './bounds.js';

type Spec = z.output<typeof clusterSpecShape>;

const present = (v: string | undefined): boolean => v !== undefined && v.length > 0;

/** Names of Secrets: Kubernetes Secret names, unless the credentials live in Vault (then they are paths). */
function secretNameRule(field: 'clusterCredentialSecretName' | 'licenseSecretName'): Rule<Spec> {
  return {
    path: [field],
    holds: (s) =>
      s[field] === undefined ||
      s.clusterCredentialSecretType === 'vault' ||
      (s[field].length <= 253 && DNS_SUBDOMAIN.test(s[field])),
    message: () =>
      "must be a valid Secret name: lowercase letters, digits, '-' and '.', at most 253 characters (or a Vault path, with clusterCredentialSecretType: vault)",
    // A Secret's name, not its content: safe to quote.
    got: (s) => s[field],
    cel: `!has(self.${field}) || (has(self.clusterCredentialSecretType) && self.clusterCredentialSecretType == 'vault') || (size(self.${field}) <= 253 && self.${field}.matches('${celPattern(DNS_SUBDOMAIN)}'))`,
  };
}

/**
 * Label keys our selectors and controllers depend on. `extraLabels` land on every object,
 * pods included: `redis.io/role-master: "1"` there would put every node pod behind the REST API
 * and UI Services (which select the master by it), and the others would move pods in or out of
 * the StatefulSet, the PodDisruptionBudget and the Services. The API server would accept them;
 * the cluster would break. A rule of ours, not Kubernetes' (EXCLUDED in test/support/spec-fuzz/oracle.ts).
 */
export const RESERVED_LABEL_KEYS = [APP_LABEL, CLUSTER_LABEL, ROLE_LABEL, MASTER_LABEL] as const;
export const RESERVED_LABEL_MESSAGE = `must not set ${RESERVED_LABEL_KEYS.join(', ')}: the Services, the StatefulSet and the services rigger select pods by them`;

export const reservedLabelRule: Rule<Record<string, string>> = {
  holds: (labels) => !RESERVED_LABEL_KEYS.some((key) => key in labels),
  message: () => RESERVED_LABEL_MESSAGE,
  got: (labels) => RESERVED_LABEL_KEYS.find((key) => key in labels),
  cel: `![${RESERVED_LABEL_KEYS.map((k) => `'${k}'`).join(', ')}].exists(k, k in self)`,
};

/**
 * The node storage's volume name. With persistence off it is our emptyDir (the API server refuses
 * a second volume of that name); with persistence on it is the claim template, and the StatefulSet
 * controller silently replaces a pod volume of that name with the claim: the API server accepts
 * it, the user's volume never appears. A rule of ours (the generative test excludes it by name: EXCLUDED in test/support/spec-fuzz/oracle.ts).
 */
export const RESERVED_VOLUME_MESSAGE = `must not name a volume ${STORAGE_VOLUME}: that is the node storage (its claim, or its emptyDir without persistence)`;

const OUR_CONTAINERS = [CONTAINER_NODE, CONTAINER_BOOTSTRAPPER] as const;
/** Mounting over the node's data directory hides the data; the API server only refuses the exact path. */
const STORAGE_MOUNT_PATHS = [STORAGE_MOUNT_PATH, `${STORAGE_MOUNT_PATH}/`] as const;
const celList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`;

const list = <T>(value: readonly T[] | undefined): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : [];
const firstDuplicate = (names: readonly unknown[]) => names.find((n, i) => names.indexOf(n) !== i);

/** Names a mount may use in the node pods: the user's volumes and the node storage. */
function volumeNames(s: Spec): Set<string> {
  return new Set([STORAGE_VOLUME, ...list(s.volumes).map((v) => v.name)]);
}
const celMountsDeclared = (mounts: string) =>
  `${mounts}.all(m, m.name == '${STORAGE_VOLUME}' || (has(self.volumes) && self.volumes.exists(v, v.name == m.name)))`;

function undeclaredSideMount(s: Spec): string | undefined {
  const names = volumeNames(s);
  for (const c of list(s.sideContainersSpec)) {
    const bad = list(c.volumeMounts).find((m) => !names.has(m.name));
    if (bad) return bad.name;
  }
  return undefined;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const annotationBytes = (annotations: Record<string, string>) =>
  Object.entries(annotations).reduce((sum, [k, v]) => sum + utf8(k) + utf8(v), 0);

/**
 * Annotations that end up on one object, merged as the constructs merge them, with the spec field
 * a problem is reported on. The API server caps each object's annotations at 256 KiB.
 */
function annotationSets(s: Spec): { path: string; object: string; annotations: Record<string, string> }[] {
  const services = s.services?.servicesAnnotations ?? {};
  return [
    {
      path: 'redisEnterprisePodAnnotations',
      object: 'the node pods (podAnnotations with redisEnterprisePodAnnotations)',
      annotations: { ...s.podAnnotations, ...s.redisEnterprisePodAnnotations },
    },
    {
      path: 'servicesRiggerSpec',
      object: 'the services rigger pod (podAnnotations with servicesRiggerSpec.podAnnotations)',
      annotations: { ...s.podAnnotations, ...s.servicesRiggerSpec?.podAnnotations },
    },
    {
      path: 'uiAnnotations',
      object: 'the UI Service (services.servicesAnnotations with uiAnnotations)',
      annotations: { ...services, ...s.uiAnnotations },
    },
    { path: 'services', object: 'each Service (services.servicesAnnotations)', annotations: services },
    {
      path: 'ossClusterSettings',
      object:
        'each per-node LoadBalancer Service (services.servicesAnnotations with ossClusterSettings.loadBalancer.serviceAnnotations)',
      annotations: { ...services, ...s.ossClusterSettings?.loadBalancer?.serviceAnnotations },
    },
    {
      path: 'ingressOrRouteSpec',
      object: 'the Ingress, Route or Istio objects (ingressOrRouteSpec.ingressAnnotations)',
      annotations: s.ingressOrRouteSpec?.ingressAnnotations ?? {},
    },
    {
      path: 'activeActive',
      object: 'the Ingress or Route (activeActive.ingressAnnotations)',
      annotations: s.activeActive?.ingressAnnotations ?? {},
    },
  ];
}

/** Rules the API server cannot run on the REC (CEL cannot measure bytes of merged maps or of a whole object): CLI and runner only. */
export const sizeRules: readonly Rule<Spec>[] = [
  ...(
    [
      'redisEnterprisePodAnnotations',
      'servicesRiggerSpec',
      'uiAnnotations',
      'services',
      'ossClusterSettings',
      'ingressOrRouteSpec',
      'activeActive',
    ] as const
  ).map((field): Rule<Spec> => ({
    path: [field],
    holds: (s) =>
      annotationBytes(annotationSets(s).find((set) => set.path === field)!.annotations) <= MAX_ANNOTATIONS_BYTES,
    message: (s) =>
      `the annotations of ${annotationSets(s ?? ({} as Spec)).find((set) => set.path === field)!.object} must total at most ${MAX_ANNOTATIONS_BYTES} bytes, keys and values`,
    got: (s) => annotationBytes(annotationSets(s).find((set) => set.path === field)!.annotations),
  })),
  {
    holds: (s) => utf8(JSON.stringify(s)) <= MAX_SPEC_BYTES,
    message: () =>
      `must be at most ${MAX_SPEC_BYTES} bytes as JSON, so the REC and each object made from it fit in etcd`,
    got: (s) => utf8(JSON.stringify(s)),
  },
];

export const clusterRules: readonly Rule<Spec>[] = [
  {
    path: ['nodes'],
    holds: (s) => s.nodes <= MAX_INT32,
    message: () => `must be at most ${MAX_INT32}, the largest replica count of a StatefulSet`,
    got: (s) => s.nodes,
    cel: `!has(self.nodes) || self.nodes <= ${MAX_INT32}`,
  },
  {
    path: ['uiServiceType'],
    holds: (s) => s.uiServiceType !== 'ExternalName',
    message: () =>
      'must be ClusterIP, NodePort or LoadBalancer: an ExternalName Service needs an external name, which the spec has no field for',
    got: (s) => s.uiServiceType,
    cel: "!has(self.uiServiceType) || self.uiServiceType != 'ExternalName'",
  },
  {
    path: ['sideContainersSpec'],
    holds: (s) =>
      !list(s.sideContainersSpec).some((c) => (OUR_CONTAINERS as readonly string[]).includes(c.name)) &&
      firstDuplicate(list(s.sideContainersSpec).map((c) => c.name)) === undefined,
    message: () =>
      `container names must be unique and not ${OUR_CONTAINERS.join(' or ')}, the node pods' own containers`,
    got: (s) =>
      list(s.sideContainersSpec)
        .map((c) => c.name)
        .find((n, i, all) => (OUR_CONTAINERS as readonly string[]).includes(n) || all.indexOf(n) !== i),
    cel: `!has(self.sideContainersSpec) || self.sideContainersSpec.all(c, !(c.name in ${celList(OUR_CONTAINERS)}) && self.sideContainersSpec.exists_one(d, d.name == c.name))`,
  },
  {
    path: ['volumes'],
    holds: (s) => firstDuplicate(list(s.volumes).map((v) => v.name)) === undefined,
    message: () => 'volume names must be unique',
    got: (s) => firstDuplicate(list(s.volumes).map((v) => v.name)),
    cel: `!has(self.volumes) || self.volumes.all(v, self.volumes.exists_one(w, w.name == v.name))`,
  },
  {
    path: ['volumes'],
    holds: (s) => !list(s.volumes).some((v) => v.name === STORAGE_VOLUME),
    message: () => RESERVED_VOLUME_MESSAGE,
    got: () => STORAGE_VOLUME,
    cel: `!has(self.volumes) || self.volumes.all(v, v.name != '${STORAGE_VOLUME}')`,
  },
  {
    path: ['redisEnterpriseVolumeMounts'],
    holds: (s) => list(s.redisEnterpriseVolumeMounts).every((m) => volumeNames(s).has(m.name)),
    message: () => `every mount must name a volume of spec.volumes (or ${STORAGE_VOLUME})`,
    got: (s) => list(s.redisEnterpriseVolumeMounts).find((m) => !volumeNames(s).has(m.name))?.name,
    cel: `!has(self.redisEnterpriseVolumeMounts) || ${celMountsDeclared('self.redisEnterpriseVolumeMounts')}`,
  },
  {
    path: ['redisEnterpriseVolumeMounts'],
    holds: (s) => {
      const paths = list(s.redisEnterpriseVolumeMounts).map((m) => m.mountPath);
      return (
        !paths.some((p) => (STORAGE_MOUNT_PATHS as readonly string[]).includes(p)) &&
        firstDuplicate(paths) === undefined
      );
    },
    message: () => `mount paths must be unique and not ${STORAGE_MOUNT_PATH}, where the node keeps its data`,
    got: (s) =>
      list(s.redisEnterpriseVolumeMounts)
        .map((m) => m.mountPath)
        .find((p, i, all) => (STORAGE_MOUNT_PATHS as readonly string[]).includes(p) || all.indexOf(p) !== i),
    cel: `!has(self.redisEnterpriseVolumeMounts) || self.redisEnterpriseVolumeMounts.all(m, !(m.mountPath in ${celList(STORAGE_MOUNT_PATHS)}) && self.redisEnterpriseVolumeMounts.exists_one(n, n.mountPath == m.mountPath))`,
  },
  {
    path: ['sideContainersSpec'],
    holds: (s) => undeclaredSideMount(s) === undefined,
    message: () => `every volume mount of a container must name a volume of spec.volumes (or ${STORAGE_VOLUME})`,
    got: (s) => undeclaredSideMount(s),
    cel: `!has(self.sideContainersSpec) || self.sideContainersSpec.all(c, !has(c.volumeMounts) || ${celMountsDeclared('c.volumeMounts')})`,
  },
  secretNameRule('clusterCredentialSecretName'),
  secretNameRule('licenseSecretName'),
  {
    path: ['nodes'],
    holds: (s) => s.nodes >= 3 && s.nodes % 2 === 1,
    message: (s) => `must be odd and at least 3 (got ${s?.nodes})`,
    cel: '!has(self.nodes) || (self.nodes >= 3 && self.nodes % 2 == 1)',
    // format() rather than string(int): the API server cannot bound the size of string(int) and refuses the rule's cost.
    celMessageExpression: `'must be odd and at least 3 (got %d)'.format([self.nodes])`,
  },
  {
    path: ['licenseSecretName'],
    holds: (s) => !(present(s.license) && present(s.licenseSecretName)),
    message: () => 'must not be set together with license: give the license inline or in a Secret, not both',
    cel: '!(has(self.license) && size(self.license) > 0 && has(self.licenseSecretName) && size(self.licenseSecretName) > 0)',
  },
  {
    path: ['antiAffinityAdditionalTopologyKeys'],
    holds: (s) => !(s.podAntiAffinity !== undefined && s.antiAffinityAdditionalTopologyKeys !== undefined),
    message: () =>
      'must not be set together with podAntiAffinity: podAntiAffinity replaces the default rule these keys extend',
    cel: '!(has(self.podAntiAffinity) && has(self.antiAffinityAdditionalTopologyKeys))',
  },
];
