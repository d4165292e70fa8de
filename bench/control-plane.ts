/**
 * The bench's own control plane: started in a state directory of its own (never the default one,
 * which developers and test runs share), owned by this process so that even a `kill -9` of the
 * bench tears it down (the supervisor watches --owner-pid), and stopped by `stop()` in any case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'scripts', 'control-plane', 'cli.ts');

export interface ControlPlane {
  readonly kubeconfig: string;
  readonly dir: string;
  /** Idempotent; synchronous so it can run from an exit or signal handler. */
  stop(): void;
}

function env(dir: string): NodeJS.ProcessEnv {
  // REC_CONTROL_PLANE_DIR is overridden on purpose: whatever the caller's shell says, the bench
  // must never bring down (or reuse) someone else's control plane.
  return { ...process.env, REC_CONTROL_PLANE_DIR: dir };
}

export async function startControlPlane(options: {
  nodes: number;
  log: (line: string) => void;
}): Promise<ControlPlane> {
  const dir = process.env.REC_BENCH_CONTROL_PLANE_DIR ?? join(tmpdir(), `rec-cdk8s-bench-${process.pid}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(process.execPath, ['--import', 'tsx', cli, 'down'], {
      cwd: root,
      env: env(dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'up', '--owner-pid', String(process.pid), '--nodes', String(options.nodes)],
    {
      cwd: root,
      env: env(dir),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const kubeconfig = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !existsSync(kubeconfig)) {
    stop();
    throw new Error(`control-plane up failed (exit ${code}):\n${stderr.slice(-2000)}`);
  }
  options.log(`control plane up in ${dir}`);
  return { kubeconfig, dir, stop };
}
