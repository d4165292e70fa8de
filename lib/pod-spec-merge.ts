/**
 * How `redisEnterpriseAdditionalPodSpecAttributes` meet the node pods' own pod spec, and
 * `servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes` the services rigger's, in one
 * place. The official doc says "Pod attributes managed by the operator might override these
 * settings"; the choice here, by kind of field:
 *
 * - lists are added after the cluster's own entries (tolerations, volumes, hostAliases,
 *   imagePullSecrets, topologySpreadConstraints, initContainers, gates, resource claims); an entry
 *   that would collide with one of the cluster's is refused by the spec (lib/spec/node-pod-rules.ts);
 * - maps are merged key by key, the cluster's keys winning (nodeSelector, securityContext, affinity);
 * - any other field the cluster sets keeps the cluster's value (serviceAccountName,
 *   terminationGracePeriodSeconds, priorityClassName when spec.priorityClassName is set);
 * - serviceAccount, the deprecated alias of serviceAccountName, is left out, and in the node pods
 *   hostname and subdomain, which the StatefulSet controller sets;
 * - the rest is added as written.
 *
 * Every attribute the cluster overrides or leaves out is a warning (`validate`, the construct,
 * the runner's status), so nothing is dropped without a word.
 */
import type { ParsedClusterSpec } from './spec/schema.js';
import type { SpecProblem } from './spec/issues.js';
import { NODE_POD_SECURITY, RIGGER_POD_SECURITY } from './pod-security.js';
import type { AdditionalPodSpecAttributes } from './spec/additional-pod-spec.js';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const APPENDED = new Set([
  'tolerations',
  'volumes',
  'hostAliases',
  'imagePullSecrets',
  'topologySpreadConstraints',
  'initContainers',
  'readinessGates',
  'schedulingGates',
  'resourceClaims',
]);
const MERGED = new Set(['nodeSelector', 'securityContext', 'affinity']);
/** Which pod the attributes are for: what its workload sets itself, and the spec field that carries them. */
export interface AdditionalPodTarget {
  /** The spec field, for the warnings. */
  readonly field: string;
  /** Left out, with why. */
  readonly leftOut: Readonly<Record<string, string>>;
  /** The pod's own security context: these keys are the cluster's. */
  readonly security: Readonly<Record<string, unknown>>;
  /** The pod's own grace period and anti-affinity (the nodes'). */
  readonly nodeSettings: boolean;
}

const SERVICE_ACCOUNT_ALIAS = 'left out: the deprecated alias of serviceAccountName, which the cluster sets';

export const NODE_PODS: AdditionalPodTarget = {
  field: 'spec.redisEnterpriseAdditionalPodSpecAttributes',
  leftOut: {
    hostname: "left out: the StatefulSet controller names each pod's host after the pod",
    subdomain: 'left out: the StatefulSet controller sets it to the governing Service',
    serviceAccount: SERVICE_ACCOUNT_ALIAS,
  },
  security: NODE_POD_SECURITY,
  nodeSettings: true,
};

/**
 * The services rigger: its doc names what the operator manages there ("Containers,
 * serviceAccountName, ImagePullSecrets, nodeSelector, PriorityClassName, PodSecurityContext.
 * podTolerations are merged with tolerations defined here"), which the same rules keep.
 */
export const RIGGER_POD: AdditionalPodTarget = {
  field: 'spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes',
  leftOut: { serviceAccount: SERVICE_ACCOUNT_ALIAS },
  security: RIGGER_POD_SECURITY,
  nodeSettings: false,
};

/**
 * The pod spec with the additional attributes merged in (see above). Typed as ours: what is added
 * are PodSpec fields of the official CRD, each checked by the schema, and the cluster's win.
 */
export function mergeAdditionalPodSpec<PodSpec extends object>(
  ours: PodSpec,
  additional: Json | undefined,
  target: AdditionalPodTarget,
): PodSpec {
  if (!additional) return ours;
  const out: Json = { ...(ours as Json) };
  for (const [key, value] of Object.entries(additional)) {
    if (value === undefined || key in target.leftOut) continue;
    const mine = out[key];
    if (APPENDED.has(key) && Array.isArray(value))
      out[key] = [...(Array.isArray(mine) ? (mine as unknown[]) : []), ...(value as unknown[])];
    else if (MERGED.has(key) && isRecord(value)) out[key] = { ...value, ...(isRecord(mine) ? mine : {}) };
    else if (mine === undefined) out[key] = value;
  }
  return out as PodSpec;
}

/** One warning per attribute the cluster overrides or leaves out, for this spec, in both pods. */
export function additionalPodSpecWarnings(spec: ParsedClusterSpec): SpecProblem[] {
  return [
    ...targetWarnings(spec, spec.redisEnterpriseAdditionalPodSpecAttributes, NODE_PODS),
    ...targetWarnings(spec, spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes, RIGGER_POD),
  ];
}

function targetWarnings(
  spec: ParsedClusterSpec,
  extra: AdditionalPodSpecAttributes | undefined,
  target: AdditionalPodTarget,
): SpecProblem[] {
  if (!extra) return [];
  const warnings: SpecProblem[] = [];
  const say = (path: string, message: string) => warnings.push({ path: `${target.field}.${path}`, message });
  for (const [key, why] of Object.entries(target.leftOut))
    if (extra[key as keyof typeof extra] !== undefined) say(key, why);
  if (extra.serviceAccountName !== undefined)
    say('serviceAccountName', "overridden by spec.serviceAccountName (default: the REC's name)");
  if (target.nodeSettings && extra.terminationGracePeriodSeconds !== undefined)
    say('terminationGracePeriodSeconds', 'overridden by spec.redisEnterpriseTerminationGracePeriodSeconds');
  if (extra.priorityClassName !== undefined && spec.priorityClassName !== undefined)
    say('priorityClassName', 'overridden by spec.priorityClassName');
  for (const key of Object.keys(extra.securityContext ?? {}))
    if (key in target.security)
      say(
        `securityContext.${key}`,
        "overridden: the pod's user, groups, runAsNonRoot and seccomp profile are the cluster's",
      );
  if (target.nodeSettings && extra.affinity?.podAntiAffinity !== undefined)
    say('affinity.podAntiAffinity', "overridden by the nodes' anti-affinity: set spec.podAntiAffinity instead");
  for (const key of Object.keys(extra.nodeSelector ?? {}))
    if (spec.nodeSelector?.[key] !== undefined) say(`nodeSelector.${key}`, 'overridden by spec.nodeSelector');
  return warnings;
}
