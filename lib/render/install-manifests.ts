/**
 * The runner's install as plain objects, in apply order, without a cluster: what
 * `rec-cdk8s install` prints or applies. Synthesis runs in memory.
 */
import { App, Chart } from 'cdk8s';
import { RecRunnerInstall, type RecRunnerInstallProps } from '../../constructs/runner-install/rec-runner-install.js';
import type { KubeObject } from '../api/kubernetes-object.js';

/** Everything `RecRunnerInstall` takes; the first three are what the CLI sets. */
export interface InstallManifestsOptions extends RecRunnerInstallProps {
  /** @default 'rec-system' */
  readonly namespace?: string;
  /** @default [namespace] */
  readonly watchNamespaces?: readonly string[] | 'all';
  /** @default 'ghcr.io/rec-cdk8s/rec-cdk8s-runner:<package version>' */
  readonly image?: string;
}

/**
 * Apply order: definitions and the namespace first, then the identity, what it may do, and what
 * runs with it. Within a kind, construct order (so the runner's own namespace comes first).
 */
export const INSTALL_KIND_ORDER: readonly string[] = [
  'CustomResourceDefinition',
  'Namespace',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'Deployment',
  'PodDisruptionBudget',
];

function rank(kind: string): number {
  const index = INSTALL_KIND_ORDER.indexOf(kind);
  return index < 0 ? INSTALL_KIND_ORDER.length : index;
}

/**
 * Synthesize the runner's install in an in-memory cdk8s app and return its objects in apply
 * order (CRD, Namespace, ServiceAccount, RBAC, Service, Deployment, PodDisruptionBudget).
 * Throws `RunnerInstallError` naming the option for an invalid one.
 */
export function installManifests(options: InstallManifestsOptions = {}): KubeObject[] {
  const app = new App();
  const chart = new Chart(app, 'rec-runner-install');
  new RecRunnerInstall(chart, 'install', options);
  const objects = chart.toJson() as KubeObject[];
  // Array.prototype.sort is stable: ties keep construct order.
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index)
    .map((e) => e.object);
}
