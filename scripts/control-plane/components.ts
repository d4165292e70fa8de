// Command lines of the control-plane components. Everything listens on
// 127.0.0.1 only, on ports picked free at `up` time.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ComponentSpec } from './plan.js';
import type { Pki } from './pki.js';
import { tsxLoaderUrl, type StateFiles } from './paths.js';
import { binaryPath } from './versions.js';
import { PROVISIONER_NAME } from './storage.js';
import { KWOK_NODE_ANNOTATION } from './nodes.js';

export const SERVICE_CIDR = '10.96.0.0/16';
/** First address of the service range: the `kubernetes` Service's ClusterIP. */
export const SERVICE_IP = '10.96.0.1';
/** kwok hands out pod IPs from here (a /16 leaves room for benchmarks with many pods). */
const POD_CIDR = '10.244.0.1/16';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
}

export interface ComponentInputs {
  files: StateFiles;
  pki: Pki;
  ports: Ports;
  kubeconfigs: { admin: string; controllerManager: string; scheduler: string };
}

export function components({ files, pki, ports, kubeconfigs }: ComponentInputs): ComponentSpec[] {
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  const apiserverUrl = `https://127.0.0.1:${ports.apiserver}`;
  const admin = pki.clients.admin;
  // Raise client rate limits: the defaults (20 qps) throttle benchmarks with hundreds of pods.
  const clientRate = ['--kube-api-qps=200', '--kube-api-burst=400'];

  return [
    {
      name: 'etcd',
      stage: 0,
      command: binaryPath('etcd'),
      args: [
        '--name=rec-cdk8s',
        `--data-dir=${files.etcdData}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=rec-cdk8s=${peerUrl}`,
        // Throwaway test data: skipping fsync makes every write much faster.
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      probe: { url: `${etcdUrl}/health` },
    },
    {
      name: 'kube-apiserver',
      stage: 1,
      command: binaryPath('kube-apiserver'),
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--cert-dir=${join(files.pki, 'apiserver-generated')}`,
        `--tls-cert-file=${pki.apiserverCert}`,
        `--tls-private-key-file=${pki.apiserverKey}`,
        `--client-ca-file=${pki.caCert}`,
        '--authorization-mode=Node,RBAC',
        // Service-account tokens (TokenRequest, projected volumes) need all three.
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        // The `kubernetes` Endpoints may not point at loopback; there is nothing to reconcile.
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        // Aggregation layer (request-header authentication), as kubeadm sets it
        // up; also lets the controller manager and scheduler find a complete
        // extension-apiserver-authentication ConfigMap.
        `--requestheader-client-ca-file=${pki.frontProxyCaCert}`,
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        `--proxy-client-cert-file=${pki.frontProxyClient.cert}`,
        `--proxy-client-key-file=${pki.frontProxyClient.key}`,
        '--max-requests-inflight=800',
        '--max-mutating-requests-inflight=400',
        '--profiling=false',
        '--v=1',
      ],
      probe: { url: `${apiserverUrl}/readyz`, ca: pki.caCert, cert: admin.cert, key: admin.key },
    },
    {
      name: 'kube-controller-manager',
      stage: 2,
      command: binaryPath('kube-controller-manager'),
      args: [
        `--kubeconfig=${kubeconfigs.controllerManager}`,
        `--authentication-kubeconfig=${kubeconfigs.controllerManager}`,
        `--authorization-kubeconfig=${kubeconfigs.controllerManager}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        // All default controllers: garbage collector, statefulset, deployment,
        // replicaset, PV binder/expander, PV/PVC protection, namespace,
        // serviceaccount(-token), endpoint(slice), disruption, job, ...
        '--controllers=*',
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.caCert}`,
        // Each controller acts as its own service account, as in a real cluster.
        '--use-service-account-credentials=true',
        `--cluster-signing-cert-file=${pki.caCert}`,
        `--cluster-signing-key-file=${pki.caKey}`,
        '--cluster-name=rec-cdk8s-test',
        '--leader-elect=false',
        ...clientRate,
        '--v=1',
      ],
      probe: { url: `https://127.0.0.1:${ports.controllerManager}/healthz`, insecure: true },
    },
    {
      name: 'kube-scheduler',
      stage: 2,
      command: binaryPath('kube-scheduler'),
      args: [
        `--kubeconfig=${kubeconfigs.scheduler}`,
        `--authentication-kubeconfig=${kubeconfigs.scheduler}`,
        `--authorization-kubeconfig=${kubeconfigs.scheduler}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
        '--leader-elect=false',
        ...clientRate,
        '--v=1',
      ],
      probe: { url: `https://127.0.0.1:${ports.scheduler}/healthz`, insecure: true },
    },
    {
      name: 'kwok',
      stage: 2,
      command: binaryPath('kwok'),
      args: [
        `--kubeconfig=${kubeconfigs.admin}`,
        // Only the fake nodes `up` creates; a real node added to a shared cluster is left alone.
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
        `--cidr=${POD_CIDR}`,
        '--node-ip=10.240.0.1',
        // Heartbeats via Lease objects (cheap) instead of node status updates.
        '--node-lease-duration-seconds=40',
        // Its pod stages, with one a test can ask for (kwok-stages.ts).
        `--config=${files.kwokStages}`,
      ],
      // kwok loads ~/.kwok/kwok.yaml if present: give it an empty home so a
      // developer's own kwok configuration cannot change the test cluster.
      env: { HOME: files.kwokHome },
    },
    {
      name: 'provisioner',
      stage: 2,
      command: process.execPath,
      args: [
        '--import',
        tsxLoaderUrl(),
        fileURLToPath(new URL('./provisioner.ts', import.meta.url)),
        `--kubeconfig=${kubeconfigs.admin}`,
        `--volume-dir=${files.volumes}`,
        `--name=${PROVISIONER_NAME}`,
      ],
    },
  ];
}
