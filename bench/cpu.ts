/**
 * CPU seconds spent by each process of the control plane, by this process (the bench, and the
 * runner when it runs in-process) and by its finished children (kubectl), over a measured window.
 * This is what tells a slow client from a saturated machine: on 2 cores, a phase that keeps the
 * cores busy is bounded by the API server's work, not by whoever sends the requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime+stime and cutime+cstime (reaped children) of a pid, in seconds. */
function times(pid: number | 'self'): { own: number; children: number } {
  // Fields after the ")" of the command name: utime is the 12th, then stime, cutime, cstime.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const n = (i: number) => Number(fields[i]) / TICKS_PER_SECOND;
  return { own: n(11) + n(12), children: n(13) + n(14) };
}

export interface CpuSample {
  /** CPU seconds by process. */
  readonly processes: Record<string, number>;
  /** Whole machine (/proc/stat), every process of every user: busy and total jiffies. */
  readonly machine: { busy: number; total: number };
}

function machine(): CpuSample['machine'] {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map<number>(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

export function sampleCpu(controlPlaneDir: string): CpuSample {
  const sample: Record<string, number> = {};
  try {
    const state = JSON.parse(readFileSync(join(controlPlaneDir, 'state.json'), 'utf8')) as {
      components: Record<string, { pid?: number }>;
    };
    for (const [name, component] of Object.entries(state.components)) {
      if (!component.pid) continue;
      try {
        sample[name] = times(component.pid).own;
      } catch {
        // Restarted or gone: left out of this sample.
      }
    }
  } catch {
    // No state yet: only this process.
  }
  const self = times('self');
  sample['bench process'] = self.own;
  sample['child processes'] = self.children;
  return { processes: sample, machine: machine() };
}

export interface CpuUse {
  /** CPU seconds per process over the window. */
  readonly seconds: Record<string, number>;
  /** Share of all cores the processes above kept busy (1 = every core, all the time). */
  readonly ours: number;
  /** Share of all cores busy machine-wide, whoever used them (other users' work included). */
  readonly machine: number;
}

export function cpuDelta(before: CpuSample, after: CpuSample, wallMs: number, cores: number): CpuUse {
  const seconds: Record<string, number> = {};
  for (const [name, value] of Object.entries(after.processes))
    seconds[name] = Math.round((value - (before.processes[name] ?? 0)) * 10) / 10;
  const total = Object.values(seconds).reduce((a, b) => a + b, 0);
  const jiffies = after.machine.total - before.machine.total;
  return {
    seconds,
    ours: total / ((wallMs / 1000) * cores),
    machine: jiffies > 0 ? (after.machine.busy - before.machine.busy) / jiffies : NaN,
  };
}
