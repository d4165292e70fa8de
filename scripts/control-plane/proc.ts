// Process helpers (Linux): liveness, identity (to survive pid reuse), killing.
import { readFileSync } from 'node:fs';

/** True if a process with this pid exists (EPERM still means it exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The kernel's start time of a process (field 22 of /proc/<pid>/stat). Recorded
 * next to each pid so that `down` never signals an unrelated process that
 * happens to reuse a pid after ours died. Zombies count as gone.
 */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: split after its ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') return undefined;
    return rest[19];
  } catch {
    return undefined;
  }
}

export interface ProcessRef {
  pid: number;
  startTime?: string | undefined;
}

/** Alive and still the same process we recorded. */
export function isSameProcess(ref: ProcessRef): boolean {
  const now = startTime(ref.pid);
  if (now === undefined) return false;
  return ref.startTime === undefined || ref.startTime === now;
}

export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
