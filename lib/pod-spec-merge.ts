/**
 * How `redisEnterpriseAdditionalPodSpecAttributes` meet the node pods' own pod spec, in one place.
 * The official doc says only "Pod attributes managed by the operator might override these
 * settings"; the choice here, by kind of field:
 *
 * - lists are added after the cluster's own entries (tolerations, volumes, hostAliases,
 *   imagePullSecrets, topologySpreadConstraints, initContainers, gates, resource claims); an entry
 *   that would collide with one of the cluster's is refused by the spec (lib/spec/node-pod-rules.ts);
 * - maps are merged key by key, the cluster's keys winning (nodeSelector, securityContext, affinity);
 * - any other field the cluster sets keeps the cluster's value (serviceAccountName,
 *   terminationGracePeriodSeconds, priorityClassName when spec.priorityClassName is set);
 * - hostname and subdomain are the StatefulSet controller's, and serviceAccount is the deprecated
 *   alias of serviceAccountName: left out;
 * - the rest is added as written.
 *
 * Every attribute the cluster overrides or leaves out is a warning (`validate`, the construct,
 * the runner's status), so nothing is dropped without a word.
 */
import type { ParsedClusterSpec } from './spec/schema.js';
import type { SpecProblem } from './spec/issues.js';
import { NODE_POD_SECURITY } from './pod-security.js';

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
const LEFT_OUT: Record<string, string> = {
  hostname: "left out: the StatefulSet controller names each pod's host after the pod",
  subdomain: 'left out: the StatefulSet controller sets it to the governing Service',
  serviceAccount: 'left out: the deprecated alias of serviceAccountName, which the cluster sets',
};

/** The node pod spec with the additional attributes merged in (see above). */
export function mergeAdditionalPodSpec(ours: Json, additional: Json | undefined): Json {
  if (!additional) return ours;
  const out: Json = { ...ours };
  for (const [key, value] of Object.entries(additional)) {
    if (value === undefined || key in LEFT_OUT) continue;
    const mine = out[key];
    if (APPENDED.has(key) && Array.isArray(value))
      out[key] = [...(Array.isArray(mine) ? (mine as unknown[]) : []), ...(value as unknown[])];
    else if (MERGED.has(key) && isRecord(value)) out[key] = { ...value, ...(isRecord(mine) ? mine : {}) };
    else if (mine === undefined) out[key] = value;
  }
  return out;
}

const FIELD = 'spec.redisEnterpriseAdditionalPodSpecAttributes';

/** One warning per attribute the cluster overrides or leaves out, for this spec. */
export function additionalPodSpecWarnings(spec: ParsedClusterSpec): SpecProblem[] {
  const extra = spec.redisEnterpriseAdditionalPodSpecAttributes;
  if (!extra) return [];
  const warnings: SpecProblem[] = [];
  const say = (path: string, message: string) => warnings.push({ path: `${FIELD}.${path}`, message });
  for (const [key, why] of Object.entries(LEFT_OUT)) if (extra[key as keyof typeof extra] !== undefined) say(key, why);
  if (extra.serviceAccountName !== undefined)
    say('serviceAccountName', "overridden by spec.serviceAccountName (default: the REC's name)");
  if (extra.terminationGracePeriodSeconds !== undefined)
    say('terminationGracePeriodSeconds', 'overridden by spec.redisEnterpriseTerminationGracePeriodSeconds');
  if (extra.priorityClassName !== undefined && spec.priorityClassName !== undefined)
    say('priorityClassName', 'overridden by spec.priorityClassName');
  for (const key of Object.keys(extra.securityContext ?? {}))
    if (key in NODE_POD_SECURITY)
      say(
        `securityContext.${key}`,
        "overridden: the node pods' user, groups, runAsNonRoot and seccomp profile are the cluster's",
      );
  if (extra.affinity?.podAntiAffinity !== undefined)
    say('affinity.podAntiAffinity', "overridden by the nodes' anti-affinity: set spec.podAntiAffinity instead");
  for (const key of Object.keys(extra.nodeSelector ?? {}))
    if (spec.nodeSelector?.[key] !== undefined) say(`nodeSelector.${key}`, 'overridden by spec.nodeSelector');
  return warnings;
}
