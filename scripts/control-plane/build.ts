// Builds the control-plane binaries from their public Go modules into the
// cache, once per versions.json. Later runs find them and return at once.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { goEnv } from './goenv.js';
import { verifyGoModules } from './gomod.js';
import { withLock } from './lock.js';
import { formatSeconds, log } from './log.js';
import {
  type BinaryName,
  type GoModuleName,
  type Versions,
  binDir,
  binaries,
  binaryPath,
  cacheDir,
  goModuleDir,
  readVersions,
} from './versions.js';

interface Target {
  bin: BinaryName;
  module: GoModuleName;
  pkg: string;
}

// Sequential, biggest first: 2 cores are better spent on one link at a time.
const targets: Target[] = [
  { bin: 'kube-apiserver', module: 'kubernetes', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
  { bin: 'kube-controller-manager', module: 'kubernetes', pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager' },
  { bin: 'kube-scheduler', module: 'kubernetes', pkg: 'k8s.io/kubernetes/cmd/kube-scheduler' },
  { bin: 'kubectl', module: 'kubernetes', pkg: 'k8s.io/kubernetes/cmd/kubectl' },
  { bin: 'etcd', module: 'etcd', pkg: 'go.etcd.io/etcd/server/v3' },
  { bin: 'kwok', module: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' },
];

const completeMarker = (): string => join(binDir(), '.complete');

export function binariesReady(): boolean {
  return existsSync(completeMarker()) && binaries.every((b) => existsSync(binaryPath(b)));
}

/**
 * The version variables Kubernetes' own release build sets, so that
 * `kubectl version` and the apiserver's /version (and its compatibility
 * version logic, which needs a real binary version) report the release.
 */
function kubernetesLdflags(v: Versions): string[] {
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(v.kubernetes)!;
  const vars: Record<string, string> = {
    gitVersion: v.kubernetes,
    gitMajor: major!,
    gitMinor: minor!,
    gitTreeState: 'archive',
    buildDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  const out: string[] = [];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    for (const [k, val] of Object.entries(vars)) out.push(`-X ${pkg}.${k}=${val}`);
  }
  return out;
}

export async function ensureBinaries(): Promise<string> {
  if (binariesReady()) return binDir();
  const v = readVersions();
  verifyGoModules(v);
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  await withLock(join(dir, 'build.lock'), () => buildAll(v), {
    onWait: (pid) => log(`another process (pid ${pid}) is building the binaries; waiting for it`),
  });
  return binDir();
}

async function buildAll(v: Versions): Promise<void> {
  if (binariesReady()) return; // built by whoever held the lock before us
  const dir = cacheDir();
  mkdirSync(binDir(), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  // Build from a copy of the wrapper modules: -mod=mod may touch go.mod/go.sum
  // and the repository must stay clean.
  for (const m of new Set(targets.map((t) => t.module))) {
    const src = join(dir, 'src', m);
    mkdirSync(src, { recursive: true });
    for (const f of ['go.mod', 'go.sum']) copyFileSync(join(goModuleDir(m), f), join(src, f));
  }
  const todo = targets.filter((t) => !existsSync(binaryPath(t.bin)));
  log(`building ${todo.map((t) => t.bin).join(', ')} into ${binDir()} (first run only; about 15 min on 2 cores)`);
  const timings: Record<string, number> = loadTimings();
  const started = Date.now();
  for (const [i, t] of todo.entries()) {
    const ms = await buildOne(t, v, `${i + 1}/${todo.length}`);
    timings[t.bin] = Math.round(ms / 1000);
  }
  timings.total = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(dir, 'build-times.json'), JSON.stringify(timings, null, 2));
  writeFileSync(completeMarker(), new Date().toISOString());
  log(`all binaries built in ${formatSeconds(Date.now() - started)}`);
}

function loadTimings(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(join(cacheDir(), 'build-times.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

async function buildOne(t: Target, v: Versions, progress: string): Promise<number> {
  const dir = cacheDir();
  const out = binaryPath(t.bin);
  const logFile = join(dir, 'logs', `${t.bin}.log`);
  const ldflags = ['-s', '-w', ...(t.module === 'kubernetes' ? kubernetesLdflags(v) : [])].join(' ');
  const args = ['build', '-p', '2', '-trimpath', '-ldflags', ldflags, '-o', `${out}.tmp`, t.pkg];
  const started = Date.now();
  log(`[${progress}] building ${t.bin} (go ${args.slice(0, 2).join(' ')} ... ${t.pkg}; log: ${logFile})`);
  const heartbeat = setInterval(
    () => log(`[${progress}] still building ${t.bin}: ${formatSeconds(Date.now() - started)}`),
    30_000,
  );
  try {
    await run('go', args, join(dir, 'src', t.module), logFile);
  } catch (err) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`building ${t.bin} failed: ${(err as Error).message}\n${tail}`);
  } finally {
    clearInterval(heartbeat);
  }
  renameSync(`${out}.tmp`, out);
  const ms = Date.now() - started;
  log(`[${progress}] built ${t.bin} in ${formatSeconds(ms)}`);
  return ms;
}

function run(cmd: string, args: string[], cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const logStream = createWriteStream(logFile);
    const child = spawn(cmd, args, { cwd, env: goEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      logStream.end();
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with ${sig ?? code}`));
    });
  });
}
