/**
 * The install's node-reader ClusterRoleBinding as the tests read it: its ServiceAccount subjects
 * and its record of which REC each is for, read from the raw object (not through the runner's
 * own functions, so a test can catch them wrong).
 */
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { RESOURCE } from '../../../lib/kube/resources.js';

export const NODE_READER = 'redis-enterprise-node-reader';
export const RECORD_ANNOTATION = 'rec-cdk8s.io/rack-aware-recs';

export type Binding = KubeObject & {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string; apiGroup?: string }[];
};

export const nodeReaderBinding = (client: KubeClient) =>
  client.get<Binding>(RESOURCE.clusterRoleBinding, undefined, NODE_READER);

/** `namespace/name` of each ServiceAccount subject. */
export const serviceAccounts = (binding: Binding | undefined): string[] =>
  (binding?.subjects ?? []).filter((s) => s.kind === 'ServiceAccount').map((s) => `${s.namespace}/${s.name}`);

/** The record: `namespace/rec` -> ServiceAccount. */
export const record = (binding: Binding | undefined): Record<string, string> =>
  JSON.parse(binding?.metadata.annotations?.[RECORD_ANNOTATION] ?? '{}') as Record<string, string>;

/** Read-modify-write as someone else would (a PUT with the resourceVersion read), retried on 409. */
export async function editByHand(client: KubeClient, change: (binding: Binding) => Binding): Promise<Binding> {
  for (;;) {
    const live = (await nodeReaderBinding(client))!;
    try {
      return await client.update<Binding>(change(live), { fieldManager: 'someone-else' });
    } catch (error) {
      if ((error as { code?: number }).code !== 409) throw error;
    }
  }
}
