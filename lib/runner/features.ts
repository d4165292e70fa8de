/**
 * Which install options this runner may act on (`rec-cdk8s install --usage-meter`,
 * `--pod-starting-policy`: constructs/runner/rbac-rules.ts FEATURE_RULES). Asked of the API
 * server once at start: every verb of the option's rules, in every watched namespace (or
 * cluster-wide), so a runner never watches what it may not (a watch refused forever never syncs)
 * and says of a REC that asks for a disabled option that it is not acted on, and why.
 */
import type { KubeClient } from '../kube/client.js';
import { FEATURE_RULES, RUNNER_FEATURES, type RunnerFeature } from '../../constructs/runner/rbac-rules.js';
import { mayDo } from './access-review.js';

export type RunnerFeatures = Readonly<Record<RunnerFeature, boolean>>;

/** Every option on: the unit tests' reconciler, which has no API server to ask. */
export const ALL_FEATURES: RunnerFeatures = { usageMeter: true, podStartingPolicy: true };

/** The install flag that enables each option, for the messages that say it is off. */
export const FEATURE_FLAGS: Readonly<Record<RunnerFeature, string>> = {
  usageMeter: '--usage-meter',
  podStartingPolicy: '--pod-starting-policy',
};

export async function grantedFeatures(
  client: KubeClient,
  namespaces: readonly string[] | 'all',
): Promise<RunnerFeatures> {
  const scopes = namespaces === 'all' ? [undefined] : namespaces;
  const granted = {} as Record<RunnerFeature, boolean>;
  for (const feature of RUNNER_FEATURES) {
    const checks = FEATURE_RULES[feature].flatMap((rule) =>
      rule.verbs.flatMap((verb) => scopes.map((namespace) => ({ rule, verb, namespace }))),
    );
    const answers = await Promise.all(
      checks.map(({ rule, verb, namespace }) =>
        mayDo(client, { group: rule.apiGroup, resource: rule.resource }, verb, namespace),
      ),
    );
    granted[feature] = answers.every(Boolean);
  }
  return granted;
}
