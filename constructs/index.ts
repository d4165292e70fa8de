/**
 * The constructs of one RedisEnterpriseCluster. Two rules make them predictable:
 * - Names: a child of `RedisEnterpriseCluster` is `RedisEnterprise<Child>` for its property
 *   `<child>` (`rec.uiService` is a `RedisEnterpriseUiService`), and each file is the kebab-case
 *   of the one construct class it holds (`redis-enterprise-ui-service.ts`).
 * - Handles, as cdk8s-plus exposes its resources' `apiObject`: a construct that makes one
 *   Kubernetes object exposes it as `apiObject`; one that makes several exposes each under the
 *   name of what it is (`RedisEnterpriseServiceBroker`'s `deployment`, `service`,
 *   `persistentVolumeClaim`).
 * The runner's install (constructs/runner-install) follows the same rules with the prefix `RecRunner`.
 */
export * from './redis-enterprise-service-account.js';
export * from './redis-enterprise-role.js';
export * from './redis-enterprise-role-binding.js';
export * from './redis-enterprise-node-reader.js';
export * from './redis-enterprise-node-role-binding.js';
export * from './redis-enterprise-credentials.js';
export * from './redis-enterprise-password-generator.js';
export * from './redis-enterprise-license-secret.js';
export * from './redis-enterprise-headless-service.js';
export * from './redis-enterprise-rest-api-service.js';
export * from './redis-enterprise-ui-service.js';
export * from './redis-enterprise-metrics-service.js';
export * from './redis-enterprise-node-load-balancers.js';
export * from './redis-enterprise-rest-api-ingress.js';
export * from './redis-enterprise-istio-gateway.js';
export * from './redis-enterprise-istio-virtual-service.js';
export * from './redis-enterprise-open-shift-route.js';
export * from './redis-enterprise-nodes.js';
export * from './redis-enterprise-pod-disruption-budget.js';
export * from './redis-enterprise-services-rigger.js';
export * from './redis-enterprise-service-broker.js';
export * from './redis-enterprise-usage-meter.js';
export * from './redis-enterprise-cluster.js';
