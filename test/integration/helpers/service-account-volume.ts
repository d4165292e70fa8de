/**
 * What the kubelet projects into a pod at /var/run/secrets/kubernetes.io/serviceaccount, written
 * to a host directory for a container the test runs itself: a token of the pod's ServiceAccount
 * (TokenRequest API), the cluster's CA as the namespace's `kube-root-ca.crt` ConfigMap publishes it,
 * and the namespace.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { RESOURCE } from '../../../lib/kube/resources.js';
import { serviceAccountToken } from './runner-process.js';
import { waitFor } from './rec-cluster.js';

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ServiceAccountVolume {
  /** The directory to mount at SERVICE_ACCOUNT_MOUNT. */
  readonly dir: string;
  remove(): void;
}

export async function serviceAccountVolume(
  admin: KubeConfig,
  client: KubeClient,
  namespace: string,
  serviceAccount: string,
): Promise<ServiceAccountVolume> {
  // The controller-manager publishes the CA into every namespace shortly after it is created.
  const rootCa = await waitFor(`ConfigMap ${namespace}/kube-root-ca.crt`, async () => {
    const map = await client.get<KubeObject & { data?: Record<string, string> }>(
      RESOURCE.configMap,
      namespace,
      'kube-root-ca.crt',
    );
    return map?.data?.['ca.crt'];
  });
  const token = await serviceAccountToken(admin, namespace, serviceAccount);
  // The parent is private (0700, mkdtemp's mode) and keeps the token from other users of the
  // machine; inside it, files readable by any uid, as the kubelet's defaultMode 0644, so the
  // container's non-root user can read them.
  const parent = mkdtempSync(join(tmpdir(), 'rec-sa-'));
  const dir = join(parent, 'serviceaccount');
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
  writeFileSync(join(dir, 'ca.crt'), rootCa, { mode: 0o644 });
  writeFileSync(join(dir, 'namespace'), namespace, { mode: 0o644 });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
