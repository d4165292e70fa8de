/**
 * The runner as the tests run it: a real `rec-cdk8s run` child process, authenticated as the
 * ServiceAccount that `installManifests` creates (a token from the TokenRequest API), so every
 * runner test also proves the install's RBAC is enough.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { installManifests, type InstallManifestsOptions } from '../../../lib/render/install-manifests.js';
import { waitFor } from './rec-cluster.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Apply the install's ServiceAccount and RBAC for `namespace` (not its Deployment: the test runs
 * the runner); `options`: more of the install's options (the ingress methods it enables,
 * `--usage-meter`, `--pod-starting-policy`).
 */
export async function installRunnerIdentity(
  client: KubeClient,
  namespace: string,
  watchNamespaces: string[] | 'all' = [namespace],
  options: Pick<
    InstallManifestsOptions,
    'ingress' | 'istio' | 'openShiftRoute' | 'usageMeter' | 'podStartingPolicy'
  > = {},
): Promise<KubeObject[]> {
  const objects = installManifests({ namespace, watchNamespaces, ...options });
  for (const object of objects) {
    if (['Deployment', 'Namespace', 'CustomResourceDefinition', 'PodDisruptionBudget', 'Service'].includes(object.kind))
      continue;
    await client.apply(object, { fieldManager: 'rec-cdk8s-tests' });
  }
  return objects;
}

/** A fresh token of a ServiceAccount (TokenRequest API, the API server's own audience), valid for an hour. */
export async function serviceAccountToken(
  admin: KubeConfig,
  namespace: string,
  serviceAccount = 'rec-runner',
): Promise<string> {
  const core = admin.makeApiClient(CoreV1Api);
  const request = await core.createNamespacedServiceAccountToken({
    name: serviceAccount,
    namespace,
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: [], expirationSeconds: 3600 },
    },
  });
  const token = request.status?.token;
  if (!token) throw new Error('TokenRequest returned no token');
  return token;
}

/** A kubeconfig file holding a fresh token of the runner's ServiceAccount. */
export async function runnerKubeconfig(
  admin: KubeConfig,
  namespace: string,
  serviceAccount = 'rec-runner',
): Promise<string> {
  const token = await serviceAccountToken(admin, namespace, serviceAccount);
  const cluster = admin.getCurrentCluster()!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'test',
        server: cluster.server,
        ...(cluster.caData ? { caData: cluster.caData } : {}),
        ...(cluster.caFile ? { caFile: cluster.caFile } : {}),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: serviceAccount, token }],
    contexts: [{ name: 'runner', cluster: 'test', user: serviceAccount, namespace }],
    currentContext: 'runner',
  });
  const file = join(mkdtempSync(join(tmpdir(), 'rec-runner-')), 'kubeconfig');
  writeFileSync(file, kc.exportConfig(), { mode: 0o600 });
  return file;
}

export interface RunnerProcess {
  readonly health: number;
  readonly metrics: number;
  readonly restarts: number;
  /** When (Date.now()) each process of this runner exited on its own, in order. */
  readonly exits: readonly number[];
  readonly logs: () => string;
  /** SIGTERM, resolves with the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

interface Instance {
  child: ChildProcess;
  health: number;
  metrics: number;
  exited: Promise<number | null>;
}

async function spawnRunner(
  kubeconfig: string,
  args: string[],
  log: (text: string) => void,
  spawned: (child: ChildProcess) => void = () => {},
): Promise<Instance> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'lib/cli/entry.ts'),
      'run',
      '--kubeconfig',
      kubeconfig,
      '--health-port',
      '0',
      '--metrics-port',
      '0',
      ...args,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: process.env.RUNNER_LOG_LEVEL ?? 'debug' },
    },
  );
  spawned(child);
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    log(d.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ports = await new Promise<{ health: number; metrics: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a runner behind that nobody will stop.
      child.kill('SIGKILL');
      reject(new Error(`runner did not start within 30s:\n${output}`));
    }, 30_000);
    const check = () => {
      const line = output.split('\n').find((l) => l.includes('"msg":"runner started"'));
      if (line) {
        clearTimeout(timer);
        const parsed = JSON.parse(line) as { health: number; metrics: number };
        resolve({ health: parsed.health, metrics: parsed.metrics });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`runner exited (${code}) before starting:\n${output}`)));
  });
  return { child, exited, ...ports };
}

/**
 * Start `rec-cdk8s run`. Like a Deployment, restart it when it exits on its own (it exits
 * non-zero when it loses the leader Lease); `stop()` and `kill()` end it for good.
 */
export async function startRunner(
  kubeconfig: string,
  args: string[],
  options: { restart?: boolean } = {},
): Promise<RunnerProcess> {
  let output = '';
  const log = (text: string) => {
    output += text;
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  // Every child, including one restarted that has not started yet (a runner cut off by a partition
  // never does): stop() and kill() must end it too, or it outlives the test and keeps it running.
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.on('exit', () => children.delete(child));
  };
  let current = await spawnRunner(kubeconfig, args, log, track);
  let ending = false;
  let restarts = 0;
  const exits: number[] = [];
  const supervise = (instance: Instance) => {
    void instance.exited.then(async () => {
      if (ending) return;
      exits.push(Date.now());
      if (options.restart === false) return;
      restarts += 1;
      const next = await spawnRunner(kubeconfig, args, log, track).catch((error: Error) => {
        log(`${error.message}\n`);
        return undefined;
      });
      if (!next) return;
      // Stopped while this one was starting: it must not outlive the test.
      if (ending) {
        next.child.kill('SIGKILL');
        return;
      }
      current = next;
      supervise(current);
    });
  };
  supervise(current);
  return {
    get health() {
      return current.health;
    },
    get metrics() {
      return current.metrics;
    },
    get restarts() {
      return restarts;
    },
    exits,
    logs: () => output,
    async stop() {
      ending = true;
      current.child.kill('SIGTERM');
      return current.exited;
    },
    async kill() {
      ending = true;
      for (const child of children) child.kill('SIGKILL');
      await current.exited;
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`http://127.0.0.1:${current.metrics}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
          sum += Number(line.split(' ').at(-1));
      }
      return sum;
    },
  };
}

/** The requests that write, as the runner's metrics name their method. */
const WRITE_METHODS = ['APPLY', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'];

/** How many write requests `runner` has made (of `resource` only, when given), any answer. */
export async function writesOf(runner: RunnerProcess, resource?: string): Promise<number> {
  let sum = 0;
  for (const method of WRITE_METHODS)
    sum += await runner.metric('rest_client_requests_total', { method, ...(resource ? { resource } : {}) });
  return sum;
}

/**
 * Wait until `runner` has made no write for `quietMs` (two resync periods: a settled runner writes
 * nothing on a resync) and resolve with its write count then. Quiet is a span of time, so this one
 * wait is measured in time: no condition says "nothing more will come".
 */
export async function settledWrites(runner: RunnerProcess, quietMs: number, timeoutMs: number): Promise<number> {
  let writes = await writesOf(runner);
  await waitFor(
    `no write for ${quietMs / 1000} s`,
    async () => {
      const start = writes;
      await new Promise((r) => setTimeout(r, quietMs));
      writes = await writesOf(runner);
      return writes === start;
    },
    timeoutMs,
  );
  return writes;
}
