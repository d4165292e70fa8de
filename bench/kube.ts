/** What every bench phase shares: a client, throw-away namespaces, REC manifests, kubectl. */
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type KubeObject } from '../lib/kube/client.js';
import { RESOURCE } from '../lib/kube/resources.js';
import { clusterCrd } from '../lib/crd/crd.js';
import { installManifests } from '../lib/runner-install/install-manifests.js';
import { binaryPath } from '../scripts/control-plane/versions.js';

export interface Kube {
  readonly kubeconfig: string;
  readonly kubeConfig: KubeConfig;
  /** The bench's own client: its requests are never counted as the runner's. */
  readonly client: KubeClient;
}

export function connect(kubeconfig: string): Kube {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfig);
  return { kubeconfig, kubeConfig, client: KubeClient.fromKubeConfig(kubeConfig, { userAgent: 'rec-cdk8s-bench' }) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function ensureCrd(client: KubeClient): Promise<void> {
  const crd = clusterCrd() as unknown as KubeObject;
  await client.apply(crd, { fieldManager: 'rec-cdk8s-bench' });
  await waitFor(
    'the CRD to be Established',
    async () => {
      const live = await client.get(RESOURCE.customResourceDefinition, undefined, crd.metadata.name);
      return ((live?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
    },
    60_000,
  );
}

/**
 * What rack awareness needs of the runner's all-namespaces install: the node-reader ClusterRoles
 * and the one ClusterRoleBinding whose subjects the runner keeps. The bench's runner runs as the
 * admin, so nothing else of the install is needed.
 */
export async function ensureNodeReaderInstall(client: KubeClient): Promise<void> {
  const objects = installManifests({ watchNamespaces: 'all' });
  for (const object of objects)
    if (
      (object.kind === 'ClusterRole' || object.kind === 'ClusterRoleBinding') &&
      object.metadata.name.startsWith('redis-enterprise-node')
    )
      await client.apply(object, { fieldManager: 'rec-cdk8s-bench' });
}

/** A fresh namespace per measurement, so no phase sees another's objects in its caches. */
export async function createNamespace(client: KubeClient, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await waitFor(
    `ServiceAccount default in ${name}`,
    () => client.get(RESOURCE.serviceAccount, name, 'default'),
    60_000,
  );
  return name;
}

/** Not awaited to the end: the namespace controller finishes the job in the background. */
export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  await client.delete(RESOURCE.namespace, undefined, name).catch(() => false);
}

export const recName = (i: number) => `rec-${String(i).padStart(4, '0')}`;

/**
 * The bench's REC: three nodes, everything else default. Small on purpose: the
 * bench measures the runner, not how fast kwok can fake a large StatefulSet.
 */
export function recManifest(
  namespace: string,
  i: number,
  spec: Record<string, unknown> = { nodes: 3 },
): KubeObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: recName(i), namespace },
    spec,
  };
}

/** Run `task` over `items`, at most `limit` at a time (as a client with a bounded connection pool would). */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await task(items[i]!, i);
      }
    }),
  );
}

/** The kubectl the control plane was built with (same version as the API server). */
export const kubectlBinary = (): string => binaryPath('kubectl');
