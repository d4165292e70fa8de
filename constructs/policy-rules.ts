/**
 * RBAC rules kept as data (lib/node-rbac.ts for the REC pods, constructs/runner/rbac-rules.ts for
 * the runner) in the shape of a Role's or ClusterRole's `rules`: one API group and one resource
 * per rule, so each is easy to read and audit.
 */
import type { PolicyRule } from './kube-object.js';

export interface RuleData {
  /** '' for the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  readonly verbs: readonly string[];
  /** Only these objects. @default every object of the resource */
  readonly resourceNames?: readonly string[];
}

export function policyRules(rules: readonly RuleData[]): PolicyRule[] {
  return rules.map((r) => ({
    apiGroups: [r.apiGroup],
    resources: [r.resource],
    verbs: [...r.verbs],
    ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
  }));
}
