/** Public API of redis-enterprise-cdk8s. */
export { RedisEnterpriseCluster, type RedisEnterpriseClusterProps } from '../constructs/redis-enterprise-cluster.js';
export * from '../constructs/index.js';
export { clusterSpecSchema, type RedisEnterpriseClusterSpec, type ParsedClusterSpec } from './spec/schema.js';
export { validateClusterManifest, parseSpec, checkEdit, type ValidationResult, type SpecProblem } from './spec/validate.js';
export { renderClusterManifest, type KubernetesObject, type RenderResult } from './render.js';
export { clusterCrd, CRD_NAME } from './crd/crd.js';
export { ClusterSpecError } from './errors.js';
export { clusterContext, type ClusterContext } from './cluster-context.js';
export * as names from './names.js';
export { DEFAULT_IMAGES, OPERATOR_VERSION, REDIS_ENTERPRISE_VERSION } from './spec/images.js';
export * from '../constructs/runner/index.js';
export { installManifests, type InstallManifestsOptions } from './runner-install/install-manifests.js';
export { Runner, type RunnerOptions } from './runner/runner.js';
