/**
 * One container run by podman, attached (its output streams back here, `podman run` exits with
 * it), on the host's network. What the image test and the image bench share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { engineEnv, mustPodman, podman } from './engine.js';

export interface ContainerSpec {
  readonly image: string;
  /** Unique on this machine: how the container is stopped, inspected and removed. */
  readonly name: string;
  /** Replaces the image's ENTRYPOINT (a pod's `command`). @default the image's */
  readonly command?: readonly string[];
  /** A pod's `args`. @default the image's CMD */
  readonly args?: readonly string[];
  /** Extra `podman run` options (user, read-only, mounts, limits...), placed before the image. @default none */
  readonly options?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The engine kills the container after this long, whatever happens to the process that
   * started it (a test killed half-way leaves nothing running for long).
   * @default 1200
   */
  readonly maxSeconds?: number;
}

export interface RunningContainer {
  readonly name: string;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Resolves with `podman run`'s exit code: the container's. */
  readonly exited: Promise<number>;
  /** That exit code once it has exited, else undefined. */
  exitCode(): number | undefined;
  /** The container's main process as the host sees it (its pid 1). */
  hostPid(): Promise<number>;
  /** `podman inspect` of the container. */
  inspect(): Promise<ContainerInspect>;
  /** SIGTERM to its pid 1 (`podman stop`), SIGKILL after `graceSeconds`; resolves with the exit code. */
  stop(graceSeconds: number): Promise<number>;
  /** Kill and remove it, ignoring a container already gone. */
  remove(): Promise<void>;
}

/** What is read of `podman container inspect`; the rest is left untyped. */
export interface ContainerInspect {
  State?: { Pid?: number; Status?: string };
  [key: string]: unknown;
}

export function runArguments(spec: ContainerSpec): string[] {
  return [
    'run',
    '--pull=never',
    '--name',
    spec.name,
    '--network=host',
    `--timeout=${spec.maxSeconds ?? 1200}`,
    ...Object.entries(spec.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    // As a JSON array, the command replaces the ENTRYPOINT whole, as a pod's `command` does.
    ...(spec.command ? [`--entrypoint=${JSON.stringify(spec.command)}`] : []),
    ...(spec.options ?? []),
    spec.image,
    ...(spec.args ?? []),
  ];
}

export function startContainer(spec: ContainerSpec): Promise<RunningContainer> {
  const child: ChildProcess = spawn('podman', runArguments(spec), {
    env: engineEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 0)));
  });
  let exitCode: number | undefined;
  void exited.then((code) => (exitCode = code));
  const inspect = async () =>
    (JSON.parse(await mustPodman(['container', 'inspect', spec.name])) as ContainerInspect[])[0]!;
  return Promise.resolve({
    name: spec.name,
    output: () => output,
    exited,
    exitCode: () => exitCode,
    inspect,
    async hostPid() {
      const pid = Number((await inspect()).State?.Pid);
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`container ${spec.name} has no running process`);
      return pid;
    },
    async stop(graceSeconds) {
      await mustPodman(['stop', '--time', String(graceSeconds), spec.name]);
      return exited;
    },
    async remove() {
      await podman(['rm', '--force', '--time', '0', spec.name]);
      await exited;
    },
  });
}
