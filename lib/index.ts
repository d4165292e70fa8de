/**
 * The construct entry of redis-enterprise-cdk8s (the package root): what a cdk8s app needs to
 * synthesize clusters, and nothing of the runner. Nothing reached from here may import the
 * runner's dependencies (@kubernetes/client-node, pino, prom-client) or node: modules, use
 * `import.meta` or top-level await: this file is also compiled to CommonJS (build/cjs) for the
 * stock cdk8s template, and its declarations must compile there. The runner, its install
 * construct and the CLI's code live behind `redis-enterprise-cdk8s/runner` (lib/runner/index.ts).
 */
export { RedisEnterpriseCluster, type RedisEnterpriseClusterProps } from '../constructs/redis-enterprise-cluster.js';
export * from '../constructs/index.js';
// The spec's types, not its zod schema: declarations we publish never name zod (see scripts/build/plain-declarations.ts).
// What a user writes, documented field by field (generated from the schema), and the shapes of
// the fields accepted and not acted on.
export type * from './spec/spec-types.js';
export type * from './spec/not-acted-on-types.js';
export type { ParsedClusterSpec } from './spec/schema.js';
export {
  validateClusterManifest,
  parseSpec,
  checkEdit,
  type ValidationResult,
  type SpecProblem,
} from './spec/validate.js';
export { renderClusterManifest, type KubernetesObject, type RenderResult } from './render.js';
export { clusterCrd, CRD_NAME } from './crd/crd.js';
export { ClusterSpecError } from './errors.js';
export { clusterContext, type ClusterContext } from './cluster-context.js';
export * as names from './names.js';
export { DEFAULT_IMAGES, OPERATOR_VERSION, REDIS_ENTERPRISE_VERSION } from './spec/images.js';
