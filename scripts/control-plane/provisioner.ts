// TEST-ONLY dynamic volume provisioner and resizer, run by the supervisor as
// one of the control-plane processes. It plays the part that
// external-provisioner + external-resizer + a CSI driver play in a real
// cluster, for claims of the `standard` class, with hostPath volumes under the
// state directory (no kubelet mounts them: kwok pods are fake):
//  - provision: the PV controller marks a claim of our class with
//    volume.kubernetes.io/storage-provisioner=<us>; we create a PV pre-bound
//    (claimRef) to it, and the real PV controller binds the two.
//  - expand: when a bound claim requests more than its status.capacity, we
//    grow the PV's spec.capacity, then the claim's status (status subresource).
//  - delete: a Released PV of ours with reclaimPolicy Delete is deleted.
// Each pass lists everything and converges; watch events only trigger passes.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CoreV1Api,
  PatchStrategy,
  StorageV1Api,
  Watch,
  setHeaderOptions,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
} from '@kubernetes/client-node';
import { isConflict, isNotFound, loadKubeConfig } from './k8s.js';
import { quantityValue } from '../../lib/api/quantity.js';

const { values: args } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'volume-dir': { type: 'string' },
    name: { type: 'string' },
    'resync-seconds': { type: 'string', default: '5' },
  },
});
if (!args.kubeconfig || !args['volume-dir'] || !args.name) {
  console.error('usage: provisioner.ts --kubeconfig=FILE --volume-dir=DIR --name=PROVISIONER');
  process.exit(2);
}
const provisionerName = args.name;
const volumeDir = resolve(args['volume-dir']);
const kc = loadKubeConfig(args.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const storage = kc.makeApiClient(StorageV1Api);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const say = (msg: string): void => console.log(`${new Date().toISOString()} ${msg}`);

function claimProvisioner(pvc: V1PersistentVolumeClaim): string | undefined {
  const a = pvc.metadata?.annotations ?? {};
  return a['volume.kubernetes.io/storage-provisioner'] ?? a['volume.beta.kubernetes.io/storage-provisioner'];
}

async function provision(pvc: V1PersistentVolumeClaim, reclaimPolicy: string): Promise<void> {
  const { name, namespace, uid } = pvc.metadata ?? {};
  const size = pvc.spec?.resources?.requests?.storage;
  if (!name || !namespace || !uid || !size) return;
  const pvName = `pvc-${uid}`;
  const path = join(volumeDir, pvName);
  mkdirSync(path, { recursive: true });
  const pv: V1PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: pvName, annotations: { [PROVISIONED_BY]: provisionerName } },
    spec: {
      capacity: { storage: size },
      accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: reclaimPolicy,
      storageClassName: pvc.spec?.storageClassName ?? '',
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
      hostPath: { path, type: 'DirectoryOrCreate' },
    },
  };
  try {
    await core.createPersistentVolume({ body: pv });
    say(`provisioned ${pvName} (${size}) for ${namespace}/${name}`);
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}

async function expand(pvc: V1PersistentVolumeClaim, pv: V1PersistentVolume): Promise<void> {
  const { name, namespace } = pvc.metadata ?? {};
  const requested = pvc.spec?.resources?.requests?.storage;
  if (!name || !namespace || !requested) return;
  if (quantityValue(pv.spec?.capacity?.storage ?? 0) < quantityValue(requested)) {
    await core.patchPersistentVolume(
      { name: pv.metadata!.name!, body: { spec: { capacity: { storage: requested } } } },
      mergePatch,
    );
  }
  // What external-resizer reports when an online expansion finished:
  // new capacity, no resize conditions or in-progress statuses left.
  await core.patchNamespacedPersistentVolumeClaimStatus(
    {
      name,
      namespace,
      body: {
        status: {
          capacity: { storage: requested },
          allocatedResources: { storage: requested },
          allocatedResourceStatuses: null,
          conditions: null,
        },
      },
    },
    mergePatch,
  );
  say(`expanded ${namespace}/${name} to ${requested}`);
}

async function remove(pv: V1PersistentVolume): Promise<void> {
  const name = pv.metadata!.name!;
  try {
    await core.deletePersistentVolume({ name });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const path = pv.spec?.hostPath?.path;
  // Only ever delete inside our own volume directory.
  if (path && resolve(path).startsWith(volumeDir + '/')) rmSync(path, { recursive: true, force: true });
  say(`deleted released ${name}`);
}

async function pass(): Promise<void> {
  const [claims, volumes, classes] = await Promise.all([
    core.listPersistentVolumeClaimForAllNamespaces(),
    core.listPersistentVolume(),
    storage.listStorageClass(),
  ]);
  const pvs = new Map(volumes.items.map((pv) => [pv.metadata!.name!, pv]));
  const reclaim = new Map(classes.items.map((sc) => [sc.metadata!.name!, sc.reclaimPolicy ?? 'Delete']));
  for (const pvc of claims.items) {
    if (claimProvisioner(pvc) !== provisionerName || pvc.metadata?.deletionTimestamp) continue;
    const volumeName = pvc.spec?.volumeName;
    if (!volumeName) {
      if (!pvs.has(`pvc-${pvc.metadata!.uid}`)) {
        await provision(pvc, reclaim.get(pvc.spec?.storageClassName ?? '') ?? 'Delete');
      }
      continue;
    }
    const pv = pvs.get(volumeName);
    const requested = quantityValue(pvc.spec?.resources?.requests?.storage ?? 0);
    const current = quantityValue(pvc.status?.capacity?.storage ?? 0);
    if (
      pvc.status?.phase === 'Bound' &&
      pv?.metadata?.annotations?.[PROVISIONED_BY] === provisionerName &&
      requested > current
    ) {
      await expand(pvc, pv);
    }
  }
  for (const pv of volumes.items) {
    if (
      pv.metadata?.annotations?.[PROVISIONED_BY] === provisionerName &&
      pv.status?.phase === 'Released' &&
      pv.spec?.persistentVolumeReclaimPolicy === 'Delete' &&
      !pv.metadata.deletionTimestamp
    ) {
      await remove(pv);
    }
  }
}

// Serialised passes: a trigger during a pass schedules exactly one more.
let running = false;
let again = false;
async function trigger(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      try {
        await pass();
      } catch (err) {
        say(`pass failed (will retry): ${(err as Error).message}`);
        again = false;
        setTimeout(() => void trigger(), 1000);
      }
    } while (again);
  } finally {
    running = false;
  }
}

function watchForever(path: string): void {
  const restart = (): void => {
    setTimeout(() => watchForever(path), 1000);
  };
  new Watch(kc)
    .watch(
      path,
      {},
      () => void trigger(),
      (err) => {
        if (err) say(`watch ${path} ended: ${(err as Error).message ?? err}`);
        restart();
      },
    )
    .catch((err: Error) => {
      say(`watch ${path} failed: ${err.message}`);
      restart();
    });
}

mkdirSync(volumeDir, { recursive: true });
say(`provisioner ${provisionerName} started; volumes in ${volumeDir}`);
watchForever('/api/v1/persistentvolumeclaims');
watchForever('/api/v1/persistentvolumes');
setInterval(() => void trigger(), Number(args['resync-seconds']) * 1000);
void trigger();
process.on('SIGTERM', () => process.exit(0));
