// The default StorageClass, served by the test provisioner (provisioner.ts).
import { type KubeConfig, StorageV1Api, type V1StorageClass } from '@kubernetes/client-node';
import { isConflict } from './k8s.js';

export const STORAGE_CLASS = 'standard';
export const PROVISIONER_NAME = 'rec-cdk8s.test/hostpath';

export function storageClassManifest(): V1StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: PROVISIONER_NAME,
    reclaimPolicy: 'Delete',
    // Immediate: the PV controller hands claims to the provisioner without
    // waiting for a pod (there is no real node topology to wait for).
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  };
}

export async function ensureStorageClass(kc: KubeConfig): Promise<void> {
  try {
    await kc.makeApiClient(StorageV1Api).createStorageClass({ body: storageClassManifest() });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}
