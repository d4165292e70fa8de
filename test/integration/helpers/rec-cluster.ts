/**
 * What the REC integration tests share: a client for the test cluster, the CRD installed once,
 * throw-away namespaces, kubectl. The cluster comes from REC_TEST_KUBECONFIG (an existing
 * cluster) or KUBECONFIG (set by scripts/run-tests.ts for the control plane it starts).
 */
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type KubeObject } from '../../../lib/kube/client.js';
import { RESOURCE } from '../../../lib/kube/resources.js';
import { clusterCrd } from '../../../lib/api/crd/crd.js';
import { kubectl as runKubectl, kubectlPath, testKubeconfigPath, waitFor as waitUntil } from '../../support/cluster.js';

export interface Cluster {
  readonly kubeConfig: KubeConfig;
  readonly client: KubeClient;
}

/** The test cluster's kubeconfig (REC_TEST_KUBECONFIG, else the KUBECONFIG run-tests sets). */
export const kubeconfigPath = testKubeconfigPath;

export function connect(): Cluster {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(testKubeconfigPath());
  return { kubeConfig, client: KubeClient.fromKubeConfig(kubeConfig, { userAgent: 'rec-cdk8s-tests' }) };
}

/**
 * Resolves with what `probe` returns once it is neither undefined nor false (a thrown error counts
 * as "not yet"): support/cluster.ts's waitFor, in the (what, probe, timeout) form these tests use.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const value = await waitUntil(probe, { description: what, timeoutMs, until: (v) => v !== undefined && v !== false });
  return value as T;
}

/** Apply our CRD (never deleted: other tests share it) and wait until it is Established. */
export async function ensureCrd(client: KubeClient): Promise<void> {
  const crd = clusterCrd() as unknown as KubeObject;
  await client.apply(crd, { fieldManager: 'rec-cdk8s-tests' });
  await waitFor('the CRD to be Established', async () => {
    const live = await client.get(RESOURCE.customResourceDefinition, undefined, crd.metadata.name);
    const conditions = (live?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
    return conditions.some((c) => c.type === 'Established' && c.status === 'True');
  });
}

export async function createNamespace(client: KubeClient, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  // Pods need the default ServiceAccount, which the controller-manager creates.
  await waitFor(`ServiceAccount default in ${name}`, () => client.get(RESOURCE.serviceAccount, name, 'default'));
  return name;
}

export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  await client.delete(RESOURCE.namespace, undefined, name);
}

/** Run kubectl against the test cluster; returns stdout. */
export const kubectl = Object.assign((args: string[]): string => runKubectl(args), { binary: kubectlPath });
