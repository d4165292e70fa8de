/**
 * What a runner process actually asked of the API server, from its own metrics
 * (`rest_client_requests_total{method,resource}`), as RBAC verbs per resource; and what its
 * install grants it, from the rules. Comparing the two keeps the install minimal: every granted
 * verb is either used by the scenarios of the test file or named, with why, as used elsewhere.
 */
import {
  ALL_NAMESPACES_ONLY_RULES,
  INGRESS_METHOD_RULES,
  FEATURE_RULES,
  LEADER_ELECTION_RULES,
  WATCHED_NAMESPACE_RULES,
  type RunnerFeature,
} from '../../../constructs/runner-install/rbac-rules.js';
import type { IngressMethod } from '../../../lib/api/external-access.js';

/**
 * Client verb -> the RBAC verbs it needs. A server-side apply is a PATCH that creates the object
 * when it is absent, which needs `create` too (the API server checks both).
 */
const RBAC_VERBS: Record<string, string[]> = {
  GET: ['get'],
  LIST: ['list'],
  WATCH: ['watch'],
  CREATE: ['create'],
  UPDATE: ['update'],
  PATCH: ['patch'],
  APPLY: ['patch', 'create'],
  DELETE: ['delete'],
};

/** "resource verb" for every request the runner at `metricsPort` made (any answer). */
export async function usedPermissions(metricsPort: number): Promise<Set<string>> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const used = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^rest_client_requests_total\{([^}]*)\} (\d+)/.exec(line);
    if (!match || Number(match[2]) === 0) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    // The runner applies a REC's status and finalizers, never a REC itself: such an apply never creates.
    const verbs =
      labels.method === 'APPLY' && labels.resource === 'redisenterpriseclusters'
        ? ['patch']
        : (RBAC_VERBS[labels.method!] ?? [`?${labels.method}`]);
    for (const verb of verbs) used.add(`${labels.resource} ${verb}`);
  }
  return used;
}

/**
 * "resource verb" for every verb the install grants (subresources folded into their resource, as
 * the metrics count them). `bind` is no request of its own: the API server checks it when a
 * binding is written, so it is left to the install test's escalation checks.
 */
export function grantedPermissions(options: {
  allNamespaces: boolean;
  ingressMethods?: readonly IngressMethod[];
  features?: readonly RunnerFeature[];
}): Set<string> {
  const rules = [
    ...WATCHED_NAMESPACE_RULES,
    ...(options.ingressMethods ?? []).flatMap((method) => INGRESS_METHOD_RULES[method]),
    ...LEADER_ELECTION_RULES,
    ...(options.allNamespaces ? ALL_NAMESPACES_ONLY_RULES : []),
    ...(options.features ?? []).flatMap((feature) => FEATURE_RULES[feature]),
  ];
  const granted = new Set<string>();
  for (const rule of rules)
    for (const verb of rule.verbs) if (verb !== 'bind') granted.add(`${rule.resource.split('/')[0]} ${verb}`);
  return granted;
}

/**
 * Every request the API server answers for any authenticated user (system:basic-user), so in no
 * rule of ours: the runner asks once at start what it may watch.
 */
export const GRANTED_TO_EVERYONE = new Set(['selfsubjectaccessreviews create']);
