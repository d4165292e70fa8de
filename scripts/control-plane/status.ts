// `status`: is a control plane running here, and is it healthy?
import { join } from 'node:path';
import { type StateFiles, stateDir, stateFiles } from './paths.js';
import { isSameProcess } from './proc.js';
import { probe } from './probe.js';
import { readReady, readState, readSupervisorRef } from './state.js';

export interface Health {
  /** The supervisor is alive. */
  running: boolean;
  /** `up` finished and the apiserver answers /readyz. */
  ready: boolean;
  kubeconfig?: string;
  detail: string;
}

export async function health(files: StateFiles = stateFiles(stateDir())): Promise<Health> {
  const sup = readSupervisorRef(files);
  if (!sup || !isSameProcess(sup)) return { running: false, ready: false, detail: 'not running' };
  const state = readState(files);
  const ready = readReady(files);
  if (!state || state.phase !== 'running' || !ready) {
    return { running: true, ready: false, detail: `supervisor pid ${sup.pid}, phase ${state?.phase ?? 'unknown'}` };
  }
  const ok = await probe({
    url: `${state.apiserverUrl}/readyz`,
    ca: join(files.pki, 'ca.crt'),
    cert: join(files.pki, 'client-admin.crt'),
    key: join(files.pki, 'client-admin.key'),
  });
  return {
    running: true,
    ready: ok,
    kubeconfig: ready.kubeconfig,
    detail: `supervisor pid ${sup.pid}, apiserver ${state.apiserverUrl} ${ok ? 'ready' : 'NOT ready'}`,
  };
}

/** Prints a summary; exit code 0 ready, 1 running but not ready, 3 not running. */
export async function printStatus(): Promise<number> {
  const files = stateFiles(stateDir());
  const h = await health(files);
  const state = readState(files);
  const lines = [
    h.running
      ? `control plane: ${h.ready ? 'ready' : 'running, not ready'} (${h.detail})`
      : 'control plane: not running',
  ];
  lines.push(`state dir: ${files.dir}`);
  if (state && h.running) {
    for (const [name, c] of Object.entries(state.components)) {
      const alive = c.pid !== undefined && isSameProcess({ pid: c.pid, startTime: c.startTime });
      const exit = c.lastExit ? `  last exit ${c.lastExit}` : '';
      lines.push(`  ${name.padEnd(24)} ${alive ? `pid ${c.pid}` : 'down'}  restarts ${c.restarts}${exit}`);
    }
  }
  if (h.kubeconfig) lines.push(`kubeconfig: ${h.kubeconfig}`);
  console.log(lines.join('\n'));
  return h.ready ? 0 : h.running ? 1 : 3;
}
