/**
 * `redisEnterpriseAdditionalPodSpecAttributes` and `servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes`:
 * pod spec attributes added to the node pods and to the services rigger's pod. The official doc:
 * "ADVANCED USAGE ... specify pod attributes that are required for the statefulset - Redis
 * Enterprise pods" (and "for the rigger deployment pod"); "Pod attributes managed by the operator
 * might override these settings."
 *
 * The keys are the official CRD's (a PodSpec without `containers`); one it does not have is an
 * unknown field, pruned by the API server. What the API server would refuse in the pod template of
 * a StatefulSet or Deployment is refused here with the field's path; how the attributes meet the
 * cluster's own is lib/pod-spec-merge.ts.
 */
import { z } from 'zod';
import {
  container,
  hostAlias,
  labelMap,
  localObjectReference,
  objectName,
  passthroughObject,
  resourceRequirements,
  text,
  toleration,
  volume,
} from './kubernetes-types.js';
import { withOpenApi, withRules, type Rule } from './rule.js';
import {
  MAX_HOST_ALIASES,
  MAX_INIT_CONTAINERS,
  MAX_INT32,
  MAX_POD_LIST,
  MAX_PULL_SECRETS,
  MAX_TEXT,
  MAX_TOLERATIONS,
  MAX_VOLUMES,
} from './bounds.js';

/** A list whose entries the pod spec keys by `key`: the API server (and server-side apply) refuses duplicates. */
function uniqueBy<T extends Record<string, unknown>>(
  element: z.ZodType<T>,
  max: number,
  key: string,
  what: string,
): z.ZodType<T[]> {
  const duplicate = (list: readonly T[]) => list.map((e) => e[key]).find((k, i, all) => all.indexOf(k) !== i);
  const rule: Rule<T[]> = {
    holds: (list) => duplicate(list) === undefined,
    message: () => `${what} must be unique`,
    got: (list) => duplicate(list),
    cel: `self.all(a, self.exists_one(b, b.${key} == a.${key}))`,
  };
  return withRules(z.array(element).max(max), [rule]);
}

/**
 * The two fields a spread constraint is keyed by (declared, so CEL may read them) and maxSkew, which
 * the API server requires; the rest as written.
 */
export const spreadConstraint = withOpenApi(
  z.looseObject({
    maxSkew: z.int().min(1).max(MAX_INT32).describe('How unevenly the pods may spread (at least 1).'),
    topologyKey: text(MAX_TEXT, 1).describe('The node label whose values are the topology domains.'),
    whenUnsatisfiable: z
      .enum(['DoNotSchedule', 'ScheduleAnyway'])
      .describe('What the scheduler does with a pod that cannot meet the constraint.'),
  }),
  { preserveUnknownFields: true },
);
const duplicateSpread = (list: readonly { topologyKey: string; whenUnsatisfiable: string }[]) =>
  list.map((c) => `${c.topologyKey} ${c.whenUnsatisfiable}`).find((k, i, all) => all.indexOf(k) !== i);

const passthroughList = (max: number) => z.array(passthroughObject()).max(max).optional();

/** The keys of the official CRD's `redisEnterpriseAdditionalPodSpecAttributes`, each with its type. */
export const additionalPodSpecAttributes = withRules(
  z.object({
    activeDeadlineSeconds: z.int().optional(),
    affinity: passthroughObject()
      .optional()
      .describe("Merged with the nodes' own: podAntiAffinity stays the cluster's."),
    automountServiceAccountToken: z.boolean().optional(),
    dnsConfig: passthroughObject().optional(),
    dnsPolicy: z.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']).optional(),
    enableServiceLinks: z.boolean().optional(),
    ephemeralContainers: passthroughList(MAX_POD_LIST),
    hostAliases: uniqueBy(hostAlias, MAX_HOST_ALIASES, 'ip', 'host alias IPs').optional(),
    hostIPC: z.boolean().optional(),
    hostNetwork: z.boolean().optional(),
    hostPID: z.boolean().optional(),
    hostUsers: z.boolean().optional(),
    hostname: text(MAX_TEXT).optional(),
    hostnameOverride: text(MAX_TEXT).optional(),
    imagePullSecrets: uniqueBy(localObjectReference, MAX_PULL_SECRETS, 'name', 'image pull secret names').optional(),
    initContainers: uniqueBy(container, MAX_INIT_CONTAINERS, 'name', 'init container names').optional(),
    nodeName: text(MAX_TEXT).optional(),
    nodeSelector: labelMap().optional(),
    os: passthroughObject().optional(),
    overhead: passthroughObject().optional(),
    preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).optional(),
    priority: z.int().min(-MAX_INT32).max(MAX_INT32).optional(),
    priorityClassName: objectName('PriorityClass').optional(),
    readinessGates: passthroughList(MAX_POD_LIST),
    resourceClaims: passthroughList(MAX_POD_LIST),
    resources: resourceRequirements.optional(),
    restartPolicy: text(MAX_TEXT).optional(),
    runtimeClassName: objectName('RuntimeClass').optional(),
    schedulerName: text(MAX_TEXT).optional(),
    schedulingGates: passthroughList(MAX_POD_LIST),
    securityContext: passthroughObject()
      .optional()
      .describe("Merged with the nodes' own, which keeps its user, groups, runAsNonRoot and seccomp profile."),
    serviceAccount: text(MAX_TEXT).optional(),
    serviceAccountName: objectName('ServiceAccount').optional(),
    setHostnameAsFQDN: z.boolean().optional(),
    shareProcessNamespace: z.boolean().optional(),
    subdomain: text(MAX_TEXT).optional(),
    terminationGracePeriodSeconds: z.int().min(0).optional(),
    tolerations: z.array(toleration).max(MAX_TOLERATIONS).optional(),
    topologySpreadConstraints: withRules(z.array(spreadConstraint).max(MAX_POD_LIST), [
      {
        holds: (list) => duplicateSpread(list) === undefined,
        message: () => 'each pair of topologyKey and whenUnsatisfiable must be unique',
        got: (list) => duplicateSpread(list),
        cel: 'self.all(a, self.exists_one(b, b.topologyKey == a.topologyKey && b.whenUnsatisfiable == a.whenUnsatisfiable))',
      },
    ]).optional(),
    volumes: uniqueBy(volume, MAX_VOLUMES, 'name', 'volume names').optional(),
    workloadRef: passthroughObject()
      .optional()
      .describe(
        'The Workload object the pod belongs to (Kubernetes 1.35, alpha: gang scheduling). Passed through as written.',
      ),
  }),
  [
    {
      path: ['restartPolicy'],
      holds: (v) => v.restartPolicy === undefined || v.restartPolicy === 'Always',
      message: () => 'must be Always: the pods of a StatefulSet or Deployment always restart',
      got: (v) => v.restartPolicy,
      cel: "!has(self.restartPolicy) || self.restartPolicy == 'Always'",
    },
    {
      path: ['activeDeadlineSeconds'],
      holds: (v) => v.activeDeadlineSeconds === undefined,
      message: () => 'must not be set: the pods of a StatefulSet or Deployment cannot have a deadline',
      cel: '!has(self.activeDeadlineSeconds)',
    },
    {
      path: ['ephemeralContainers'],
      holds: (v) => v.ephemeralContainers === undefined || v.ephemeralContainers.length === 0,
      message: () => 'must not be set: a pod template cannot have ephemeral containers',
      cel: '!has(self.ephemeralContainers) || size(self.ephemeralContainers) == 0',
    },
  ],
);

export type AdditionalPodSpecAttributes = z.output<typeof additionalPodSpecAttributes>;
