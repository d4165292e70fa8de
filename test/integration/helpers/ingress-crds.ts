/**
 * The CRDs of the kinds Istio and OpenShift serve (Gateway, VirtualService, Route), as test
 * stand-ins (test/fixtures/crds/), so a plain control plane knows them. Applied once and never
 * deleted, like the REC's CRD: other tests of the run share them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { RESOURCE } from '../../../lib/kube/resources.js';
import { waitFor } from './rec-cluster.js';

const dir = fileURLToPath(new URL('../../fixtures/crds/', import.meta.url));

export async function ensureIngressCrds(client: KubeClient): Promise<void> {
  const crds = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as KubeObject);
  for (const crd of crds) await client.apply(crd, { fieldManager: 'rec-cdk8s-tests' });
  for (const crd of crds) {
    await waitFor(`CRD ${crd.metadata.name} Established`, async () => {
      const live = await client.get(RESOURCE.customResourceDefinition, undefined, crd.metadata.name);
      const conditions = (live?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True');
    });
  }
}
