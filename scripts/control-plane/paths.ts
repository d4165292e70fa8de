// Where things live. One place so the CLI, the supervisor, the test runner
// and test/support agree on the same directories.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** scripts/control-plane/ (this file's directory). */
export const controlPlaneDir = dirname(fileURLToPath(import.meta.url));

/** Repository root: two levels above scripts/control-plane/. */
export const repoRoot = resolve(controlPlaneDir, '..', '..');

/** Per-cluster state (pids, certs, etcd data, logs, volumes). Removed by `down`. */
export function stateDir(): string {
  const fromEnv = process.env.REC_CONTROL_PLANE_DIR;
  return fromEnv ? resolve(fromEnv) : join(repoRoot, '.control-plane');
}

/** Built binaries live outside the repository so a fresh clone or `git clean` keeps them. */
export function cacheRoot(): string {
  const fromEnv = process.env.REC_CONTROL_PLANE_CACHE;
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.cache', 'rec-cdk8s', 'control-plane');
}

/**
 * Absolute URL of tsx's loader, for `node --import <url>`: child processes then
 * run .ts files without depending on their working directory.
 */
export function tsxLoaderUrl(): string {
  return import.meta.resolve('tsx');
}

/** Files inside a state directory. Kept together so `down` knows what `up` made. */
export function stateFiles(dir: string) {
  return {
    dir,
    plan: join(dir, 'plan.json'),
    state: join(dir, 'state.json'),
    supervisorPid: join(dir, 'supervisor.pid'),
    ready: join(dir, 'ready.json'),
    upLock: join(dir, 'up.lock'),
    logs: join(dir, 'logs'),
    pki: join(dir, 'pki'),
    etcdData: join(dir, 'etcd-data'),
    volumes: join(dir, 'volumes'),
    kwokHome: join(dir, 'kwok-home'),
    kwokStages: join(dir, 'kwok-stages.yaml'),
    adminKubeconfig: join(dir, 'admin.kubeconfig'),
  };
}
export type StateFiles = ReturnType<typeof stateFiles>;
