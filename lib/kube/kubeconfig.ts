/**
 * Where the API server is and how to authenticate to it, for the runner.
 *
 * client-node's KubeConfig does all of this and more, but importing it loads its whole generated
 * API (about 70 MB of resident memory, half of the runner's budget) for what is, in a pod, a token
 * file and a CA. So the cases a runner meets are read here: the pod's service account, and
 * kubeconfig files with a token, a token file, a client certificate or basic auth. Anything else
 * (exec and auth-provider plugins, proxies, several files in KUBECONFIG) is handed to client-node,
 * imported only then, so every kubeconfig kubectl accepts still works.
 *
 * The search order is client-node's (and kubectl's): an explicit file, else $KUBECONFIG, else
 * ~/.kube/config, else the in-cluster service account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type https from 'node:https';
import { parse } from 'yaml';

/** What `KubeClient` needs of a kubeconfig; client-node's `KubeConfig` has this shape too. */
export interface KubeConfigSource {
  getCurrentCluster(): { readonly server: string; readonly proxyUrl?: string } | null;
  /** Put the TLS material and credentials on a request's options; called for every request. */
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

/** A loaded configuration, and the namespace its context (or the pod) names. */
export interface LoadedKubeConfig {
  readonly source: KubeConfigSource;
  readonly namespace?: string;
  /** What was read, for the startup log: 'in-cluster', a file path, or `client-node: <why>`. */
  readonly origin: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubelet rewrites the projected token before it expires; client-go rereads it every minute. */
const TOKEN_FILE_REREAD_MS = 60_000;

export interface LoadOptions {
  /** A kubeconfig file (`--kubeconfig`). @default $KUBECONFIG, ~/.kube/config, then in-cluster */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the pod's service account is mounted. @default /var/run/secrets/kubernetes.io/serviceaccount */
  readonly serviceAccountDir?: string;
}

export async function loadKubeConfig(options: LoadOptions = {}): Promise<LoadedKubeConfig> {
  const env = options.env ?? process.env;
  if (options.file) return fromFile(resolve(options.file));
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
    if (files.length > 1) {
      const load = (kc: InstanceType<ClientNodeKubeConfig>, file: string) => {
        try {
          kc.loadFromFile(resolve(file));
        } catch (error) {
          throw unreadable(resolve(file), error);
        }
      };
      return viaClientNode('several files in KUBECONFIG', (kc, KubeConfig) => {
        load(kc, files[0]!);
        for (const file of files.slice(1)) {
          const next = new KubeConfig();
          load(next, file);
          // As kubectl: the first file to name an entry, or the current context, decides it
          // (client-node's mergeConfig would throw on a repeated name).
          for (const cluster of next.clusters) if (!kc.getCluster(cluster.name)) kc.addCluster(cluster);
          for (const user of next.users) if (!kc.getUser(user.name)) kc.addUser(user);
          for (const context of next.contexts) if (!kc.getContextObject(context.name)) kc.addContext(context);
          if (!kc.getCurrentContext() && next.getCurrentContext()) kc.setCurrentContext(next.getCurrentContext());
        }
      });
    }
    if (files.length === 1) return fromFile(resolve(files[0]!));
  }
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromFile(home);
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT)
    return inCluster(env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
  throw new Error(
    'no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a pod',
  );
}

function inCluster(env: NodeJS.ProcessEnv, dir: string): LoadedKubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT}`;
  const ca = readFileSync(join(dir, 'ca.crt'));
  const token = tokenFromFile(join(dir, 'token'));
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  return {
    source: connection({ server, ca, bearer: token }),
    origin: 'in-cluster',
    ...(namespace ? { namespace } : {}),
  };
}

type Fields = Record<string, unknown>;

/**
 * A kubeconfig that cannot be read, said without its text: YAML parsers quote the lines around a
 * syntax error, and those lines may hold a token or a key that must not reach a log.
 */
function unreadable(file: string, error: unknown): Error {
  const e = error as {
    code?: string;
    errno?: number;
    linePos?: { line: number; col: number }[];
    mark?: { line: number; column: number };
    reason?: string;
  };
  if (e.errno !== undefined && e.code) return new Error(`kubeconfig ${file}: cannot read it (${e.code})`);
  const at = e.linePos?.[0]
    ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}`
    : e.mark
      ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}`
      : '';
  const why = e.reason ?? e.code;
  return new Error(`kubeconfig ${file}: not valid YAML${at}${why ? ` (${why})` : ''}`);
}

async function fromFile(file: string): Promise<LoadedKubeConfig> {
  let document: Fields;
  try {
    document = (parse(readFileSync(file, 'utf8')) ?? {}) as Fields;
  } catch (error) {
    throw unreadable(file, error);
  }
  const contextName = document['current-context'];
  if (typeof contextName !== 'string' || !contextName) throw new Error(`kubeconfig ${file}: no current-context`);
  const context = find(document.contexts, contextName, 'context', file);
  const cluster = find(document.clusters, context.cluster, 'cluster', file);
  const user = context.user ? find(document.users, context.user, 'user', file) : {};
  const namespace = typeof context.namespace === 'string' && context.namespace ? context.namespace : undefined;

  // What this loader does not do, client-node does: hand it the same file.
  const other = user.exec
    ? 'an exec plugin'
    : user['auth-provider']
      ? 'an auth-provider plugin'
      : cluster['proxy-url']
        ? 'a proxy'
        : undefined;
  if (other) return viaClientNode(`${file} uses ${other}`, (kc) => kc.loadFromFile(file));

  const base = dirname(file);
  const material = (data: unknown, path: unknown, what: string): Buffer | undefined => {
    if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
    if (typeof path === 'string' && path) {
      try {
        return readFileSync(isAbsolute(path) ? path : join(base, path));
      } catch (error) {
        throw new Error(`kubeconfig ${file}: ${what}: ${(error as Error).message}`);
      }
    }
    return undefined;
  };
  const server = cluster.server;
  if (typeof server !== 'string' || !server)
    throw new Error(`kubeconfig ${file}: cluster "${String(context.cluster)}" has no server`);
  const tokenFile = user.tokenFile;
  const bearer =
    typeof user.token === 'string' && user.token
      ? () => user.token as string
      : typeof tokenFile === 'string' && tokenFile
        ? tokenFromFile(isAbsolute(tokenFile) ? tokenFile : join(base, tokenFile))
        : undefined;
  const ca = material(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate-authority');
  const cert = material(user['client-certificate-data'], user['client-certificate'], 'client-certificate');
  const key = material(user['client-key-data'], user['client-key'], 'client-key');
  return {
    source: connection({
      server,
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(bearer ? { bearer } : {}),
      ...(typeof user.username === 'string' && user.username
        ? {
            basic: `${user.username}:${typeof user.password === 'string' || typeof user.password === 'number' ? String(user.password) : ''}`,
          }
        : {}),
      ...(cluster['insecure-skip-tls-verify'] === true ? { insecure: true } : {}),
      ...(typeof cluster['tls-server-name'] === 'string' && cluster['tls-server-name']
        ? { serverName: cluster['tls-server-name'] }
        : {}),
    }),
    origin: file,
    ...(namespace ? { namespace } : {}),
  };
}

function find(list: unknown, name: unknown, what: 'cluster' | 'user' | 'context', file: string): Fields {
  const entry = Array.isArray(list) ? (list as Fields[]).find((e) => e?.name === name) : undefined;
  const body = entry?.[what];
  if (!entry || typeof body !== 'object' || body === null)
    throw new Error(`kubeconfig ${file}: no ${what} named "${String(name)}"`);
  return body as Fields;
}

/** A token file, reread at most once a minute (projected tokens rotate while the runner runs). */
function tokenFromFile(path: string): () => string {
  let token = '';
  let readAt = -Infinity;
  return () => {
    const now = performance.now();
    if (now - readAt >= TOKEN_FILE_REREAD_MS || !token) {
      token = readFileSync(path, 'utf8').trim();
      readAt = now;
    }
    return token;
  };
}

interface ConnectionParts {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  bearer?: () => string;
  basic?: string;
  insecure?: boolean;
  serverName?: string;
}

function connection(parts: ConnectionParts): KubeConfigSource {
  const cluster = { server: parts.server };
  return {
    getCurrentCluster: () => cluster,
    // Async to match client-node's KubeConfig, whose exec plugins may need to wait; ours need not.
    applyToHTTPSOptions: (options) => {
      if (parts.ca) options.ca = parts.ca;
      if (parts.cert) options.cert = parts.cert;
      if (parts.key) options.key = parts.key;
      if (parts.insecure) options.rejectUnauthorized = false;
      if (parts.serverName) options.servername = parts.serverName;
      if (parts.basic) options.auth = parts.basic;
      if (parts.bearer) options.headers = { ...options.headers, Authorization: `Bearer ${parts.bearer()}` };
      return Promise.resolve();
    },
  };
}

type ClientNodeKubeConfig = typeof import('@kubernetes/client-node').KubeConfig;

async function viaClientNode(
  why: string,
  load: (kc: InstanceType<ClientNodeKubeConfig>, KubeConfig: ClientNodeKubeConfig) => void,
): Promise<LoadedKubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  load(kc, KubeConfig);
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { source: kc, origin: `client-node: ${why}`, ...(namespace ? { namespace } : {}) };
}
