// `up`: build (first time), start the supervised control plane, bootstrap
// nodes and storage, wait until it is usable, and return the admin kubeconfig.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, StorageV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ensureBinaries } from './build.js';
import { type Ports, SERVICE_IP, components } from './components.js';
import { stopProcesses } from './down.js';
import { isNotFound, loadKubeConfig } from './k8s.js';
import { writeKubeconfig } from './kubeconfig.js';
import { sleep, withLock } from './lock.js';
import { formatSeconds, log } from './log.js';
import { ensureNodes, isNodeReady } from './nodes.js';
import { type StateFiles, stateDir, stateFiles, tsxLoaderUrl } from './paths.js';
import { generatePki } from './pki.js';
import { type Plan, writeJsonAtomic } from './plan.js';
import { freePorts } from './ports.js';
import { isSameProcess } from './proc.js';
import { kwokStagesYaml } from './kwok-stages.js';
import { health } from './status.js';
import { type ReadyInfo, readReady, readState, readSupervisorRef } from './state.js';
import { STORAGE_CLASS, ensureStorageClass } from './storage.js';

export interface UpOptions {
  ownerPids: number[];
  nodes: number;
  timeoutMs: number;
}

export async function up(opts: UpOptions): Promise<string> {
  const files = stateFiles(stateDir());
  mkdirSync(files.dir, { recursive: true });
  // Two concurrent `up`s: the second waits, then finds the first one's cluster.
  return withLock(files.upLock, () => upLocked(files, opts), {
    onWait: (pid) => log(`another \`up\` (pid ${pid}) is starting the control plane; waiting`),
  });
}

async function upLocked(files: StateFiles, opts: UpOptions): Promise<string> {
  const h = await health(files);
  if (h.ready && h.kubeconfig) {
    log(`already running (${h.detail})`);
    if (opts.ownerPids.length > 0) log('note: --owner-pid ignored, the running control plane keeps its own owners');
    const nodes = readReady(files)?.nodes;
    if (nodes !== undefined && nodes !== opts.nodes)
      log(`note: it has ${nodes} nodes; \`down\` first to get ${opts.nodes}`);
    return h.kubeconfig;
  }
  if (h.running || existsSync(files.state) || existsSync(files.supervisorPid)) {
    log(`found a stale or half-started control plane (${h.detail}); cleaning it up`);
    await stopProcesses(files);
  }
  clearStateDir(files);

  await ensureBinaries();
  const started = Date.now();
  const kubeconfig = await launch(files, opts);
  try {
    await bootstrap(files, kubeconfig, opts, started);
  } catch (err) {
    log(`startup failed: ${(err as Error).message}`);
    printLogTails(files);
    await stopProcesses(files);
    throw err;
  }
  writeJsonAtomic(files.ready, {
    kubeconfig,
    nodes: opts.nodes,
    readyAt: new Date().toISOString(),
  } satisfies ReadyInfo);
  log(`control plane ready in ${formatSeconds(Date.now() - started)}`);
  return kubeconfig;
}

/** Empties the state directory, keeping only the lock we hold. */
function clearStateDir(files: StateFiles): void {
  for (const entry of readdirSync(files.dir)) {
    if (join(files.dir, entry) !== files.upLock) rmSync(join(files.dir, entry), { recursive: true, force: true });
  }
}

/** Certificates, kubeconfigs, plan; then the detached supervisor. */
async function launch(files: StateFiles, opts: UpOptions): Promise<string> {
  for (const d of [files.logs, files.volumes, files.kwokHome]) mkdirSync(d, { recursive: true });
  writeFileSync(files.kwokStages, kwokStagesYaml());
  mkdirSync(files.etcdData, { recursive: true, mode: 0o700 }); // etcd warns about anything wider
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler] = await freePorts(5);
  const ports: Ports = {
    etcdClient: etcdClient!,
    etcdPeer: etcdPeer!,
    apiserver: apiserver!,
    controllerManager: controllerManager!,
    scheduler: scheduler!,
  };
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const pki = generatePki(files.pki, { serviceIp: SERVICE_IP });
  const kc = (path: string, client: keyof typeof pki.clients, user: string): string =>
    writeKubeconfig(path, {
      server,
      caFile: pki.caCert,
      certFile: pki.clients[client].cert,
      keyFile: pki.clients[client].key,
      user,
    });
  const kubeconfigs = {
    admin: kc(files.adminKubeconfig, 'admin', 'rec-cdk8s-admin'),
    controllerManager: kc(
      join(files.pki, 'controller-manager.kubeconfig'),
      'kube-controller-manager',
      'system:kube-controller-manager',
    ),
    scheduler: kc(join(files.pki, 'scheduler.kubeconfig'), 'kube-scheduler', 'system:kube-scheduler'),
  };
  const plan: Plan = {
    version: 1,
    stateDir: files.dir,
    ownerPids: opts.ownerPids,
    kubeconfig: kubeconfigs.admin,
    apiserverUrl: server,
    components: components({ files, pki, ports, kubeconfigs }),
  };
  writeJsonAtomic(files.plan, plan);

  const out = openSync(join(files.logs, 'supervisor.log'), 'a');
  const supervisor = spawn(
    process.execPath,
    ['--import', tsxLoaderUrl(), fileURLToPath(new URL('./supervisor.ts', import.meta.url)), files.dir],
    // detached: own session and process group, so it outlives `up` and a
    // terminal's Ctrl-C, and `down` can signal the whole group.
    { detached: true, stdio: ['ignore', out, out], cwd: files.dir },
  );
  closeSync(out);
  supervisor.unref();
  log(`supervisor started (pid ${supervisor.pid}); apiserver ${server}; logs in ${files.logs}`);
  return kubeconfigs.admin;
}

/** Polls check() until it returns true; fails early if the supervisor died or gave up. */
async function until(files: StateFiles, what: string, deadline: number, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    const sup = readSupervisorRef(files);
    const state = readState(files);
    if (state && ['failed', 'stopping', 'stopped'].includes(state.phase)) {
      throw new Error(`supervisor ${state.phase}: ${state.message ?? ''}`);
    }
    if (sup && !isSameProcess(sup)) throw new Error('supervisor exited (see logs/supervisor.log)');
    try {
      if (await check()) return;
    } catch {
      // not yet: the apiserver may still be starting
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function bootstrap(files: StateFiles, kubeconfig: string, opts: UpOptions, started: number): Promise<void> {
  const deadline = started + opts.timeoutMs;
  const step = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    await until(files, what, deadline, check);
    log(`${what}: ok (${formatSeconds(Date.now() - started)})`);
  };
  await step('components started', () => Promise.resolve(readState(files)?.phase === 'running'));
  const kc: KubeConfig = loadKubeConfig(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  await step(`StorageClass ${STORAGE_CLASS} created`, async () => {
    await ensureStorageClass(kc);
    return (await kc.makeApiClient(StorageV1Api).readStorageClass({ name: STORAGE_CLASS })) !== undefined;
  });
  await step(`${opts.nodes} kwok nodes created`, async () => {
    await ensureNodes(kc, opts.nodes);
    return true;
  });
  await step(`${opts.nodes} nodes Ready`, async () => {
    const nodes = await core.listNode({ labelSelector: 'type=kwok' });
    return nodes.items.filter(isNodeReady).length >= opts.nodes;
  });
  // The serviceaccount controller creates it: proves the controller manager works.
  await step('ServiceAccount default/default', async () => {
    try {
      return (await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' })) !== undefined;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  });
}

function printLogTails(files: StateFiles): void {
  if (!existsSync(files.logs)) return;
  for (const f of readdirSync(files.logs)) {
    const lines = readFileSync(join(files.logs, f), 'utf8').trimEnd().split('\n').slice(-15);
    process.stderr.write(`----- ${f} (last ${lines.length} lines) -----\n${lines.join('\n')}\n`);
  }
}
