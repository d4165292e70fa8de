/**
 * What a runner process actually asked of the API server, from its own metrics
 * (`rest_client_requests_total{method,resource}`), as RBAC verbs per resource; and what its
 * install grants it, from the rules. Comparing the two keeps the install minimal: every granted
 * verb is either used by the scenarios of the test file or named, with why, as used elsewhere.
 */
import assert from 'node:assert/strict';
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

/**
 * Grants that both install variants hold and that scenarios of other test files use, each with
 * what needs it (and where it is tested): a file that checks its install is minimal names these
 * as used elsewhere, plus what only its own variant grants.
 */
export const USED_IN_OTHER_FILES: Readonly<Record<string, string>> = {
  'redisenterpriseclusters get':
    'a deletion with orphan propagation: the REC read live before re-adopting an orphaned object (runner-deletion.test.ts)',
  'redisenterpriseclusters update':
    'finalizers: the API server checks it when an owner reference with blockOwnerDeletion is written; no request of its own',
  'roles get':
    'a deletion with orphan propagation, told from the live Role when the StatefulSet is gone (runner-deletion.test.ts)',
  'rolebindings get': 'a deletion with orphan propagation, as above (runner-deletion.test.ts)',
  'statefulsets delete': 'volume growth: the StatefulSet is deleted without its pods (runner.test.ts)',
  'statefulsets get': 'volume growth reads the StatefulSet until it is gone (runner.test.ts)',
  'persistentvolumeclaims get': 'volume growth reads each claim (runner.test.ts)',
  'persistentvolumeclaims patch': 'volume growth expands each claim; the service broker claim is applied',
  'persistentvolumeclaims create': "the service broker's claim (serviceBrokerSpec.enabled)",
  'secrets delete':
    'pruning <rec>-license when an inline license goes or the credentials become ours (runner-credentials.test.ts)',
  'leases get': 'leader election (--leader-elect, the Deployment default; runner.test.ts)',
  'leases create': 'leader election',
  'leases update': 'leader election',
  'serviceaccounts delete': 'pruning: the spec no longer asks for it (createServiceAccount: false)',
  'deployments delete': 'pruning (a service broker turned off)',
  'poddisruptionbudgets delete': 'pruning',
  'roles delete': 'pruning',
  'rolebindings delete': 'pruning',
};

/**
 * The install is minimal: the runner at `metricsPort` used nothing it was not granted, every grant
 * it did not use is named in `usedElsewhere`, and everything named there that it did not use is
 * granted (a rule dropped, or a new use, must be accounted for there).
 */
export async function assertInstallMinimal(
  metricsPort: number,
  granted: ReadonlySet<string>,
  usedElsewhere: Readonly<Record<string, string>>,
): Promise<void> {
  const used = await usedPermissions(metricsPort);
  const notGranted = [...used].filter((p) => !granted.has(p) && !GRANTED_TO_EVERYONE.has(p));
  assert.deepEqual(notGranted, [], 'used without a grant');
  const unused = [...granted].filter((p) => !used.has(p)).sort();
  assert.deepEqual(
    unused,
    Object.keys(usedElsewhere)
      .filter((p) => !used.has(p))
      .sort(),
    `granted and not used here (used: ${[...used].sort().join(', ')})`,
  );
}
