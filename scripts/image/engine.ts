/**
 * The container engine as `npm run image`, the image test and the image bench use it: podman with
 * runc, always given scripts/image/containers.conf (what each setting is for is written there), and
 * never a registry: every command that names an image says --pull=never.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const imageScriptsDir = dirname(fileURLToPath(import.meta.url));
export const CONTAINERS_CONF = join(imageScriptsDir, 'containers.conf');

/** What the engine and the base image need, from Debian's packages (`.ci/run` installs them). */
export const ENGINE_PACKAGES = ['podman', 'runc', 'mmdebstrap'] as const;

export function engineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF };
}

// runc is usually in /usr/sbin, which a non-root PATH may not list; podman looks there itself.
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function onPath(tool: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why images cannot be built and run here (the tools that are missing), or undefined when they can. */
export function engineMissing(): string | undefined {
  const missing = ENGINE_PACKAGES.filter((tool) => !onPath(tool));
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} not installed: the runner image needs podman with runc, and mmdebstrap for its base (apt-get install ${ENGINE_PACKAGES.join(' ')}; .ci/run does)`;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run a command to completion (no shell). `onOutput` sees stdout and stderr as they come (a
 * build's progress); both are also returned.
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onOutput?: (text: string) => void } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onOutput?.(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onOutput?.(d.toString());
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr }));
  });
}

/** `cmd args`, failing with its output when it exits non-zero; returns stdout. */
export async function mustRun(
  cmd: string,
  args: readonly string[],
  options: Parameters<typeof runCommand>[2] = {},
): Promise<string> {
  const result = await runCommand(cmd, args, options);
  if (result.code !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${result.code}:\n${(result.stderr || result.stdout).trim().slice(-3000)}`,
    );
  return result.stdout;
}

/** podman with our containers.conf. */
export function podman(
  args: readonly string[],
  options: { onOutput?: (text: string) => void; cwd?: string } = {},
): Promise<CommandResult> {
  return runCommand('podman', args, { ...options, env: engineEnv() });
}

export async function mustPodman(
  args: readonly string[],
  options: { onOutput?: (text: string) => void; cwd?: string } = {},
): Promise<string> {
  return mustRun('podman', args, { ...options, env: engineEnv() });
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await podman(['image', 'exists', ref])).code === 0;
}

/** Bytes of an image as the engine stores it (uncompressed layers). */
export async function imageSize(ref: string): Promise<number> {
  return Number((await mustPodman(['image', 'inspect', '--format', '{{.Size}}', ref])).trim());
}
