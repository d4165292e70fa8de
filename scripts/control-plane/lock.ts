// A small inter-process lock: a directory created atomically with mkdir, with
// the holder's pid inside so a lock left by a dead process is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './proc.js';

export interface LockOptions {
  /** Called once when we start waiting for another live holder. */
  onWait?: (holderPid: number) => void;
  timeoutMs?: number;
}

export async function withLock<T>(lockDir: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  await acquire(lockDir, opts);
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function acquire(lockDir: string, opts: LockOptions): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 3 * 60 * 60 * 1000);
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lockDir);
    if (holder === undefined) {
      // The holder may be between mkdir and writing its pid: give it a moment,
      // and treat a lock that stays pid-less as abandoned.
      await sleep(500);
      if (readHolder(lockDir) === undefined) rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!isAlive(holder)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      opts.onWait?.(holder);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDir} held by pid ${holder}`);
    await sleep(1000);
  }
}

function readHolder(lockDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
