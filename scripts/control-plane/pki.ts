// Certificates for the control plane, made with the openssl CLI: one CA, the
// apiserver's serving certificate, client certificates per identity, and the
// service-account signing key pair. EC P-256 keys: fast to generate and
// accepted by every component.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  /** Service-account token signing key (private) and verification key (public). */
  saKey: string;
  saPub: string;
  clients: Record<ClientName, { cert: string; key: string }>;
  /** Aggregation layer: a separate CA whose client may assert users via request headers. */
  frontProxyCaCert: string;
  frontProxyClient: { cert: string; key: string };
}

/** Client identities: the apiserver maps CN to the user name and O to groups. */
const clientSubjects = {
  // system:masters bypasses RBAC: tests, kwok and the provisioner use it.
  admin: '/O=system:masters/CN=rec-cdk8s-admin',
  // The bootstrap RBAC policy has roles for these two user names.
  'kube-controller-manager': '/CN=system:kube-controller-manager',
  'kube-scheduler': '/CN=system:kube-scheduler',
} as const;
export type ClientName = keyof typeof clientSubjects;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const newKey = (path: string): void =>
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);

function sign(dir: string, name: string, subject: string, ca: { cert: string; key: string }, ext: string[]) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const extFile = join(dir, `${name}.ext`);
  newKey(key);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  writeFileSync(extFile, ext.join('\n') + '\n');
  const serial = `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffffff).toString(16)}`;
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-set_serial',
    serial,
    '-days',
    '365',
    '-sha256',
    '-extfile',
    extFile,
    '-out',
    cert,
  ]);
  return { cert, key };
}

function selfSignedCa(dir: string, name: string, subject: string): { cert: string; key: string } {
  const ca = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  newKey(ca.key);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    ca.key,
    '-subj',
    subject,
    '-days',
    '3650',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out',
    ca.cert,
  ]);
  return ca;
}

const clientExt = [
  'basicConstraints=CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=clientAuth',
];

export function generatePki(dir: string, opts: { serviceIp: string }): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = selfSignedCa(dir, 'ca', '/CN=rec-cdk8s-test-ca');

  const serving = sign(dir, 'apiserver', '/CN=kube-apiserver', ca, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    // Everything a client might dial: loopback, and the in-cluster service names/IP.
    `subjectAltName=IP:127.0.0.1,DNS:localhost,IP:${opts.serviceIp},DNS:kubernetes,DNS:kubernetes.default,` +
      'DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
  ]);

  const clients = {} as Pki['clients'];
  for (const [name, subject] of Object.entries(clientSubjects) as [ClientName, string][]) {
    clients[name] = sign(dir, `client-${name}`, subject, ca, clientExt);
  }

  const frontProxyCa = selfSignedCa(dir, 'front-proxy-ca', '/CN=rec-cdk8s-front-proxy-ca');
  const frontProxyClient = sign(dir, 'front-proxy-client', '/CN=front-proxy-client', frontProxyCa, clientExt);

  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  newKey(saKey);
  openssl(['pkey', '-in', saKey, '-pubout', '-out', saPub]);

  return {
    caCert: ca.cert,
    caKey: ca.key,
    apiserverCert: serving.cert,
    apiserverKey: serving.key,
    saKey,
    saPub,
    clients,
    frontProxyCaCert: frontProxyCa.cert,
    frontProxyClient,
  };
}
