/**
 * The constructs of the runner's install. A construct of `RecRunnerInstall` is `RecRunner<Child>`
 * for its property `<child>` (`install.deployment` is a `RecRunnerDeployment`; the watch and
 * leader-election Roles are each a `RecRunnerRole`), in the file named after its class; one that
 * makes one Kubernetes object exposes it as `apiObject`, one that makes several names each
 * (see constructs/index.ts).
 */
export * from './defaults.js';
export * from './rbac-rules.js';
export * from './rec-runner-crd.js';
export * from './rec-runner-namespace.js';
export * from './rec-runner-service-account.js';
export * from './rec-runner-role.js';
export * from './rec-runner-cluster-role.js';
export * from './rec-runner-node-cluster-roles.js';
export * from './rec-runner-deployment.js';
export * from './rec-runner-metrics-service.js';
export * from './rec-runner-pod-disruption-budget.js';
export * from './rec-runner-install.js';
