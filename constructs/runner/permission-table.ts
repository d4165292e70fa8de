/**
 * The README's table of every permission the runner holds, made from the rules themselves; a unit
 * test checks the README holds exactly this, so the two cannot drift apart.
 */
import {
  ALL_NAMESPACES_ONLY_RULES,
  INGRESS_METHOD_RULES,
  FEATURE_RULES,
  LEADER_ELECTION_RULES,
  WATCHED_NAMESPACE_RULES,
  type RunnerRule,
} from './rbac-rules.js';
import { INGRESS_METHOD_KINDS } from '../../lib/ingress-kinds.js';
import type { IngressMethod } from '../../lib/spec/external-access.js';

const row = (where: string, r: RunnerRule) =>
  `| ${where} | \`${r.apiGroup || 'core'}\` | \`${r.resource}\`${r.resourceNames ? ` (only ${r.resourceNames.map((n) => `\`${n}\``).join(', ')})` : ''} | ${r.verbs.join(', ')} | ${r.why} |`;

export function permissionTable(): string {
  return [
    '| Where | API group | Resource | Verbs | What for |',
    '|---|---|---|---|---|',
    ...WATCHED_NAMESPACE_RULES.map((r) => row('each watched namespace', r)),
    ...(Object.entries(INGRESS_METHOD_RULES) as [IngressMethod, readonly RunnerRule[]][]).flatMap(([method, rules]) =>
      rules.map((r) => row(`each watched namespace, \`${INGRESS_METHOD_KINDS[method].flag}\` only`, r)),
    ),
    ...LEADER_ELECTION_RULES.map((r) => row("the runner's namespace", r)),
    ...ALL_NAMESPACES_ONLY_RULES.map((r) => row('cluster-wide, `--all-namespaces` only', r)),
    ...FEATURE_RULES.usageMeter.map((r) => row('each watched namespace, `--usage-meter` only', r)),
    ...FEATURE_RULES.podStartingPolicy.map((r) => row('each watched namespace, `--pod-starting-policy` only', r)),
  ].join('\n');
}
