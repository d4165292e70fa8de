// The plan: which processes the supervisor runs, in which order, and how to
// tell that each is up. Written by `up` to plan.json, read by the supervisor.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export interface Probe {
  url: string;
  /** Client TLS material (paths); the apiserver needs a client certificate. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Accept any serving certificate (components that serve a self-signed one). */
  insecure?: boolean;
}

export interface ComponentSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Components of stage N start once every probe of stages < N passes. */
  stage: number;
  probe?: Probe;
}

export interface Plan {
  version: 1;
  stateDir: string;
  /** Tear everything down when any of these processes exits. */
  ownerPids: number[];
  kubeconfig: string;
  apiserverUrl: string;
  components: ComponentSpec[];
}

export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

export function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
