/**
 * Volume growth: a StatefulSet's claim templates are immutable, so a larger `volumeSize` takes the
 * documented path: expand every existing claim, then delete the StatefulSet with `Orphan`
 * propagation (its pods keep running, untouched) and let the next apply create it again with
 * the new template; the new StatefulSet adopts the running pods, whose template is unchanged.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { quantityValue, isQuantity } from '../spec/quantity.js';
import { firstDifference } from './compare.js';
import { claimName, STORAGE_VOLUME } from '../names.js';

type ClaimTemplate = {
  metadata?: { name?: string };
  spec?: { resources?: { requests?: { storage?: string } } } & Record<string, unknown>;
};

const templatesOf = (sts: KubeObject) =>
  (sts.spec as { volumeClaimTemplates?: ClaimTemplate[] })?.volumeClaimTemplates ?? [];
const storageOf = (t: ClaimTemplate | undefined) => t?.spec?.resources?.requests?.storage;

/** Fields of a StatefulSet the API server will not change in place. */
const IMMUTABLE_PATHS = ['serviceName', 'selector', 'podManagementPolicy'] as const;

export type StatefulSetChange =
  { kind: 'none' } | { kind: 'grow'; from: string; to: string } | { kind: 'immutable'; field: string };

/** What applying `desired` over `actual` would need beyond an apply. */
export function statefulSetChange(desired: KubeObject, actual: KubeObject | undefined): StatefulSetChange {
  if (!actual) return { kind: 'none' };
  const desiredSpec = desired.spec as Record<string, unknown>;
  const actualSpec = actual.spec as Record<string, unknown>;
  for (const field of IMMUTABLE_PATHS) {
    if (desiredSpec[field] !== undefined && firstDifference(desiredSpec[field], actualSpec[field]) !== undefined)
      return { kind: 'immutable', field: `spec.${field}` };
  }
  const want = templatesOf(desired);
  const have = templatesOf(actual);
  if (want.length !== have.length) return { kind: 'immutable', field: 'spec.volumeClaimTemplates' };
  for (let i = 0; i < want.length; i++) {
    const from = storageOf(have[i]);
    const to = storageOf(want[i]);
    const withoutSize = (t: ClaimTemplate | undefined) => ({
      ...t,
      spec: {
        ...t?.spec,
        resources: { ...t?.spec?.resources, requests: { ...t?.spec?.resources?.requests, storage: undefined } },
      },
    });
    if (firstDifference(JSON.parse(JSON.stringify(withoutSize(want[i]))), withoutSize(have[i])) !== undefined)
      return { kind: 'immutable', field: 'spec.volumeClaimTemplates' };
    if (from && to && isQuantity(from) && isQuantity(to) && quantityValue(to) !== quantityValue(from)) {
      return quantityValue(to) > quantityValue(from) && want[i]?.metadata?.name === STORAGE_VOLUME
        ? { kind: 'grow', from, to }
        : { kind: 'immutable', field: 'spec.volumeClaimTemplates' };
    }
  }
  return { kind: 'none' };
}

/** Expand the node claims to `size`, then orphan-delete the StatefulSet. Returns the claims expanded. */
export async function growVolumes(
  client: Pick<KubeClient, 'get' | 'patch' | 'delete'>,
  actual: KubeObject,
  size: string,
  fieldManager: string,
): Promise<string[]> {
  const namespace = actual.metadata.namespace;
  const replicas = Math.max(
    (actual.spec as { replicas?: number }).replicas ?? 0,
    (actual.status as { replicas?: number } | undefined)?.replicas ?? 0,
  );
  const expanded: string[] = [];
  // The node storage only: volumeSize is its size, and the flash claims (redisOnFlashSpec) cannot
  // grow (the official operator does not support expanding them).
  for (const template of templatesOf(actual).filter((t) => t.metadata?.name === STORAGE_VOLUME)) {
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const name = claimName(template.metadata?.name ?? '', actual.metadata.name, ordinal);
      const claim = await client.get(RESOURCE.persistentVolumeClaim, namespace, name);
      const current = (claim?.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources
        ?.requests?.storage;
      if (!claim || (current && quantityValue(current) >= quantityValue(size))) continue;
      await client.patch(
        RESOURCE.persistentVolumeClaim,
        namespace,
        name,
        { spec: { resources: { requests: { storage: size } } } },
        { patchType: 'merge', fieldManager },
      );
      expanded.push(name);
    }
  }
  await client.delete(RESOURCE.statefulSet, namespace, actual.metadata.name, {
    propagationPolicy: 'Orphan',
    ...(actual.metadata.uid ? { uid: actual.metadata.uid } : {}),
  });
  // The apply that follows must not race the deletion: wait until the old object is gone.
  for (let i = 0; i < 150; i++) {
    const still = await client.get(RESOURCE.statefulSet, namespace, actual.metadata.name);
    if (!still || still.metadata.uid !== actual.metadata.uid) return expanded;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`StatefulSet ${actual.metadata.name} was not deleted within 30s during volume growth`);
}
