/**
 * `rec-cdk8s orphans [--delete]`: list (and with --delete remove) the cluster-scoped objects the
 * runner made for RECs that are gone with their clusters (see lib/runner/orphans.ts). Exit 0.
 */
import { KubeClient } from '../kube/client.js';
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { resourceFor } from '../kube/resources.js';
import { findOrphanedClusterScoped } from '../runner/orphans.js';
import type { Output } from './commands.js';

export interface OrphansOptions {
  delete?: boolean;
  kubeconfig?: string;
}

export async function orphansCommand(options: OrphansOptions, io: Output): Promise<number> {
  const loaded = await loadKubeConfig(options.kubeconfig ? { file: options.kubeconfig } : {});
  const client = KubeClient.fromKubeConfig(loaded.source, { userAgent: 'rec-cdk8s-orphans' });
  try {
    const orphans = await findOrphanedClusterScoped(client);
    if (orphans.length === 0) io.err('no orphaned cluster-scoped objects');
    for (const { object, namespace, cluster } of orphans) {
      const label = `${object.kind} ${object.metadata.name}`;
      const why = `REC ${namespace}/${cluster} and its StatefulSet are gone`;
      if (!options.delete) {
        io.out(`${label}: ${why}`);
        continue;
      }
      // Only this very object: one re-created meanwhile (a new REC of that name) is not touched.
      const deleted = await client.delete(
        resourceFor(object.apiVersion, object.kind),
        undefined,
        object.metadata.name,
        object.metadata.uid ? { uid: object.metadata.uid } : {},
      );
      io.out(`${label}: ${why}; ${deleted ? 'deleted' : 'already gone'}`);
    }
    return 0;
  } finally {
    client.close();
  }
}
