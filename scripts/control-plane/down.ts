// Stops whatever `up` started (by recorded pids, never by name) and removes
// the state directory. Safe to run when nothing runs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { sleep } from './lock.js';
import { log } from './log.js';
import { type StateFiles, stateDir, stateFiles } from './paths.js';
import { type ProcessRef, isSameProcess, signal } from './proc.js';
import { readState, readSupervisorRef } from './state.js';

const SUPERVISOR_GRACE_MS = 15_000;

function processGroupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

async function waitGone(refs: ProcessRef[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (refs.some(isSameProcess)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Stops the supervisor and every component it recorded. */
export async function stopProcesses(files: StateFiles): Promise<void> {
  const supervisor = readSupervisorRef(files);
  const components = Object.values(readState(files)?.components ?? {}).filter(
    (c): c is ProcessRef & typeof c => typeof c.pid === 'number',
  );
  // 1. Ask the supervisor: it stops its children (SIGTERM, then SIGKILL).
  if (supervisor && isSameProcess(supervisor)) {
    log(`stopping supervisor (pid ${supervisor.pid})`);
    signal(supervisor.pid, 'SIGTERM');
    await waitGone([supervisor], SUPERVISOR_GRACE_MS);
  }
  // 2. Anything left (supervisor hung or SIGKILLed): kill its process group,
  // but only while it provably is ours (the supervisor itself or one of our
  // recorded children still belongs to it), then each recorded pid.
  if (supervisor) {
    const ours =
      isSameProcess(supervisor) || components.some((c) => isSameProcess(c) && processGroupOf(c.pid) === supervisor.pid);
    if (ours && signal(-supervisor.pid, 'SIGKILL')) log(`killed process group ${supervisor.pid}`);
  }
  for (const c of components) {
    if (isSameProcess(c) && signal(c.pid, 'SIGKILL')) log(`killed leftover pid ${c.pid}`);
  }
  const all = supervisor ? [supervisor, ...components] : components;
  if (!(await waitGone(all, 5000))) {
    throw new Error(
      `processes still alive: ${all
        .filter(isSameProcess)
        .map((r) => r.pid)
        .join(', ')}`,
    );
  }
}

export async function down(): Promise<void> {
  const files = stateFiles(stateDir());
  if (!existsSync(files.dir)) {
    log('not running (no state directory)');
    return;
  }
  await stopProcesses(files);
  rmSync(files.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  log(`stopped; removed ${files.dir}`);
}
