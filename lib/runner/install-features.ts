/**
 * What the install does not let this runner manage (features.ts) is left out of what it applies,
 * and said to be not acted on with the install option that would: a step of the reconcile.
 */
import type { KubeObject } from '../kube/object.js';
import type { ClusterContext } from '../cluster-context.js';
import type { SpecProblem } from '../spec/issues.js';
import { NOT_ACTED_ON_WARNING } from '../spec/not-acted-on.js';
import { FEATURE_FLAGS, type RunnerFeatures } from './features.js';

export function withinInstall(
  synthesized: { objects: KubeObject[]; warnings: SpecProblem[]; cluster: ClusterContext },
  features: RunnerFeatures,
): { objects: KubeObject[]; warnings: SpecProblem[] } {
  const { objects, warnings, cluster } = synthesized;
  const out = { objects, warnings };
  if (!features.usageMeter && objects.some((o) => o.kind === 'CronJob')) {
    out.objects = objects.filter((o) => o.kind !== 'CronJob');
    out.warnings = [
      ...out.warnings,
      {
        path: 'spec.usageMeter.callHomeClient',
        message: `${NOT_ACTED_ON_WARNING} (this runner's install may not manage CronJobs: install it with rec-cdk8s install ${FEATURE_FLAGS.usageMeter}; CronJob ${cluster.names.callHomeCronJob} is not made)`,
      },
    ];
  }
  const policy = cluster.spec.podStartingPolicy;
  if (!features.podStartingPolicy && policy?.enabled && policy.startingThresholdSeconds !== 0)
    out.warnings = [
      ...out.warnings,
      {
        path: 'spec.podStartingPolicy',
        message: `${NOT_ACTED_ON_WARNING} (this runner's install may not delete pods: install it with rec-cdk8s install ${FEATURE_FLAGS.podStartingPolicy})`,
      },
    ];
  return out;
}
