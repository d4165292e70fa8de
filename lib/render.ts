/**
 * A REC manifest in, every object it produces out, in apply order, without a cluster: what
 * `rec-cdk8s render` prints and what the runner applies. Synthesis runs in memory.
 */
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../constructs/redis-enterprise-cluster.js';
import { validateClusterManifest, type SpecProblem } from './spec/validate.js';
import { namespaceProblem } from './spec/manifest.js';
import { ClusterSpecError } from './errors.js';
import type { ClusterContext } from './cluster-context.js';
import type { RedisEnterpriseClusterSpec } from './spec/spec-types.js';
import type { KubeObject } from './kube/object.js';

/** The package's public name for a Kubernetes object: the same type the runner applies and caches. */
export type { KubeObject as KubernetesObject } from './kube/object.js';

export interface RenderResult {
  readonly objects: KubeObject[];
  readonly warnings: readonly SpecProblem[];
  /** The resolved cluster the objects were made from: names, effective defaults. */
  readonly cluster: ClusterContext;
}

/** Render one REC manifest; throws `ClusterSpecError` when it is invalid (or, with `previous`, a refused edit). */
export interface RenderOptions {
  /** The manifest before an edit: the edit rules apply. */
  readonly previous?: unknown;
  /** @default the manifest's own namespace */
  readonly namespace?: string;
  /** Emit the password generator Job. @default true (the runner passes false: it makes the password itself) */
  readonly passwordGenerator?: boolean;
  /** The credentials Secret exists and is the user's: nothing emitted for it. @default false */
  readonly existingCredentialsSecret?: boolean;
  /** Bind the ClusterRoles the runner's install ships (see the construct). @default false (the runner passes true) */
  readonly useInstalledClusterRoles?: boolean;
  /** The Istio ingress gateway's pod labels (see the construct). @default { istio: 'ingress' } */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  /** The Redis Enterprise version the nodes run now (see the construct). @default none (the runner passes its StatefulSet's) */
  readonly runningRedisEnterpriseVersion?: string;
}

export function renderClusterManifest(manifest: unknown, options: RenderOptions = {}): RenderResult {
  const result = validateClusterManifest(manifest, options);
  // A namespace given from outside the manifest (`render -n`, the runner) must be one too.
  const badNamespace = namespaceProblem(options.namespace);
  if (!result.cluster || badNamespace) {
    const name = (manifest as { metadata?: { name?: unknown } })?.metadata?.name;
    throw new ClusterSpecError(typeof name === 'string' ? name : '(unnamed)', [
      ...result.errors,
      ...(badNamespace ? [badNamespace] : []),
    ]);
  }
  const { name, spec } = result.cluster;
  const namespace = options.namespace ?? result.cluster.namespace;
  const app = new App();
  const chart = new Chart(app, 'rec', namespace ? { namespace } : {});
  // The spec is already parsed; the construct parses again (idempotent: defaults are stable).
  // Its warnings are returned, for the CLI and the runner to report their own way.
  const construct = new RedisEnterpriseCluster(chart, 'cluster', {
    name,
    // Valid (validated above). Its fields accepted and not acted on are kept as written, where the
    // public type describes them as the official operator defines them: TypeScript cannot know.
    spec: spec as RedisEnterpriseClusterSpec,
    reportWarnings: false,
    ...(namespace ? { namespace } : {}),
    ...(options.passwordGenerator === false ? { passwordGenerator: false } : {}),
    ...(options.existingCredentialsSecret ? { existingCredentialsSecret: true } : {}),
    ...(options.useInstalledClusterRoles ? { useInstalledClusterRoles: true } : {}),
    ...(options.istioGatewaySelector ? { istioGatewaySelector: options.istioGatewaySelector } : {}),
    ...(options.runningRedisEnterpriseVersion
      ? { runningRedisEnterpriseVersion: options.runningRedisEnterpriseVersion }
      : {}),
  });
  return { objects: chart.toJson() as KubeObject[], warnings: result.warnings, cluster: construct.cluster };
}
