/**
 * The runner entry, `redis-enterprise-cdk8s/runner`: the reconcile runner, the construct that
 * installs it (`RecRunnerInstall`) and its manifests. ESM only, and it needs the runner's own
 * dependencies (@kubernetes/client-node, pino, prom-client: optional peer dependencies of this
 * package, so construct users never install them); the package root stays free of all three.
 */
export * from '../../constructs/runner-install/index.js';
export { installManifests, INSTALL_KIND_ORDER, type InstallManifestsOptions } from '../render/install-manifests.js';
export { Runner, type RunnerOptions } from './runner.js';
