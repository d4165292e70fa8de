/**
 * `rec-cdk8s orphans [--delete]`: list (and with --delete remove) what the runner granted for
 * RECs that are gone with their clusters: their ServiceAccounts in the node-reader
 * ClusterRoleBinding (see lib/runner/orphans.ts). Exit 0.
 */
import { KubeClient } from '../kube/client.js';
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../api/node-rbac.js';
import { NodeReaderBindingWriter } from '../runner/node-reader-binding.js';
import { requestKey } from '../controller/request.js';
import { findOrphanedNodeReaders } from '../runner/orphans.js';
import type { Output } from './commands.js';

export interface OrphansOptions {
  delete?: boolean;
  kubeconfig?: string;
}

export async function orphansCommand(options: OrphansOptions, io: Output): Promise<number> {
  const loaded = await loadKubeConfig(options.kubeconfig ? { file: options.kubeconfig } : {});
  const client = KubeClient.fromKubeConfig(loaded.source, { userAgent: 'rec-cdk8s-orphans' });
  try {
    const orphans = await findOrphanedNodeReaders(client);
    if (orphans.length === 0) io.err('no orphaned node-reader subjects');
    const label = (o: (typeof orphans)[number]) =>
      `ServiceAccount ${o.namespace}/${o.serviceAccount} in ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}: REC ${o.namespace}/${o.cluster} and its StatefulSet are gone`;
    if (!options.delete) {
      for (const orphan of orphans) io.out(label(orphan));
      return 0;
    }
    // Only the entries listed, and only while they still name the same ServiceAccount (read again
    // inside the write). A subject another REC of the namespace still needs stays; only the entry
    // goes. A REC of that name created in between gets its entry back from the runner, which the
    // binding's change wakes.
    const keyOf = (o: (typeof orphans)[number]) => requestKey({ namespace: o.namespace, name: o.cluster });
    const listed = new Map(orphans.map((o) => [keyOf(o), o.serviceAccount]));
    const removed = new Set(
      orphans.length > 0
        ? (
            await new NodeReaderBindingWriter(client).sweep(
              (rec, serviceAccount) => listed.get(requestKey(rec)) === serviceAccount,
            )
          ).map(requestKey)
        : [],
    );
    for (const orphan of orphans)
      io.out(`${label(orphan)}; ${removed.has(keyOf(orphan)) ? 'removed' : 'already gone'}`);
    return 0;
  } finally {
    client.close();
  }
}
