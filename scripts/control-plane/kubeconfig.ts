// Kubeconfig files with the certificates embedded, so a copied kubeconfig keeps working.
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  user: string;
  clusterName?: string;
}

const b64 = (file: string): string => readFileSync(file).toString('base64');

export function renderKubeconfig(o: KubeconfigOptions): string {
  const cluster = o.clusterName ?? 'rec-cdk8s-test';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, 'certificate-authority-data': b64(o.caFile) } }],
    users: [{ name: o.user, user: { 'client-certificate-data': b64(o.certFile), 'client-key-data': b64(o.keyFile) } }],
    contexts: [{ name: cluster, context: { cluster, user: o.user, namespace: 'default' } }],
    'current-context': cluster,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, o: KubeconfigOptions): string {
  writeFileSync(path, renderKubeconfig(o), { mode: 0o600 });
  return path;
}
