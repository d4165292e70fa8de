/**
 * The results: one JSON document (bench/results/latest.json), a Markdown table printed and kept in
 * bench/README.md between markers, the growth of each figure, and each target met or missed.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import type { SynthesisResult } from './synthesis.js';
import type { IdleResult } from './requests.js';
import type { EditResult } from './edit-latency.js';
import type { MemoryResult } from './memory.js';
import { exponent, round } from './stats.js';
import type { CpuUse } from './cpu.js';

export interface ConvergencePoint {
  readonly recs: number;
  readonly objects: number;
  /** Medians over the repeats (each repeat: a kubectl run and a runner run, back to back). */
  readonly runnerMs: number;
  readonly kubectlMs: number;
  /** Median of the per-repeat runner/kubectl ratios. */
  readonly ratio: number;
  readonly repeats: number;
  readonly requestsPerObject: number;
  readonly writesPerObject: number;
  readonly byVerb: Record<string, number>;
  /** CPU over the measured window of the last repeat, per side. */
  readonly cpu: { runner: CpuUse; kubectl: CpuUse };
}

export interface Results {
  date: string;
  mode: 'full' | 'quick' | 'idle';
  machine: { nproc: number; memoryGb: number; cpu: string; loadAverageAtStart: number[] };
  versions: { node: string; kubernetes: string; etcd: string; kwok: string };
  durationS?: number;
  synthesis?: SynthesisResult;
  convergence: ConvergencePoint[];
  idle: IdleResult[];
  edits: EditResult[];
  memory: MemoryResult[];
  growth?: Record<string, string>;
  targets?: { name: string; target: string; measured: string; met: boolean | null }[];
  /** Phases that failed or were skipped for time, with why. */
  problems: string[];
}

export function machine(): Results['machine'] {
  return {
    nproc: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: [],
  };
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const at = <T extends { recs: number }>(list: readonly T[], n: number) => list.find((x) => x.recs === n);
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '–');
const perRec = (cpu: CpuUse, process: string, n: number) => (cpu.seconds[process] ?? NaN) / n;
const k = (v: number) => (Number.isFinite(v) ? `k=${v.toFixed(2)}` : '–');

/** How each figure grows: k in f ~ n^k between the smallest and largest size measured. */
export function growth(r: Results): Record<string, string> {
  const g: Record<string, string> = {};
  const c = r.convergence;
  if (c.length >= 2) {
    const [a, b] = [c[0]!, c.at(-1)!];
    g.runnerConvergence = `${k(exponent(a.recs, a.runnerMs, b.recs, b.runnerMs))} (${a.recs}→${b.recs}; 1 = linear)`;
    g.kubectlConvergence = `${k(exponent(a.recs, a.kubectlMs, b.recs, b.kubectlMs))} (${a.recs}→${b.recs})`;
    if (c.length >= 3)
      g.runnerConvergenceUpper = `${k(exponent(c.at(-2)!.recs, c.at(-2)!.runnerMs, b.recs, b.runnerMs))} (${c.at(-2)!.recs}→${b.recs})`;
    g.requestsPerObject = `×${(b.requestsPerObject / a.requestsPerObject).toFixed(2)} per object (${a.recs}→${b.recs}; 1 = linear total)`;
  }
  const e = r.edits;
  if (e.length >= 2)
    g.editP95 = `×${(e.at(-1)!.p95Ms / e[0]!.p95Ms).toFixed(2)} (${e[0]!.recs}→${e.at(-1)!.recs} RECs)`;
  const s = r.synthesis?.perCluster['one-chart'];
  if (s) {
    const sizes = Object.keys(s).map(Number);
    const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
    g.synthesisPerCluster = `×${(s[hi]! / s[lo]!).toFixed(2)} per cluster (${lo}→${hi}; 1 = linear total)`;
  }
  const m = r.memory;
  const base = at(m, 0);
  const grown = m.filter((x) => x.recs > 0);
  if (base && grown.length >= 1) {
    const per = grown.map((x) => `${(((x.peakMb - base.peakMb) / x.recs) * 1000).toFixed(0)} kB/REC at ${x.recs}`);
    g.memoryPerRec = `peak above the empty runner: ${per.join(', ')}`;
    if (grown.length >= 2) {
      const [a, b] = [grown[0]!, grown.at(-1)!];
      g.memoryGrowth = `${k(exponent(a.recs, a.peakMb - base.peakMb, b.recs, b.peakMb - base.peakMb))} of the increment (${a.recs}→${b.recs})`;
    }
  }
  return g;
}

export function targets(r: Results): NonNullable<Results['targets']> {
  const c = r.convergence.at(-1);
  const idle = r.idle.at(-1);
  const edit = r.edits.at(-1);
  const mem = r.memory.at(-1);
  const synthMax = r.synthesis
    ? Math.max(...Object.values(r.synthesis.perCluster).flatMap((x) => Object.values(x)))
    : undefined;
  const row = (
    name: string,
    target: string,
    value: number | undefined,
    measured: string,
    ok: (v: number) => boolean,
  ) => ({
    name,
    target,
    measured: value === undefined ? 'not measured' : measured,
    met: value === undefined || !Number.isFinite(value) ? null : ok(value),
  });
  return [
    row(`convergence, ${c?.recs ?? '?'} RECs, runner / kubectl`, '≤ 0.5', c?.ratio, fmt(c?.ratio, 2), (v) => v <= 0.5),
    row(
      `requests per converged object (${c?.recs ?? '?'} RECs)`,
      '≤ 1.2',
      c?.requestsPerObject,
      fmt(c?.requestsPerObject, 2),
      (v) => v <= 1.2,
    ),
    row(
      `writes in an idle resync (${idle?.recs ?? '?'} RECs${idle?.rackAware ? ` + ${idle.rackAware} rack-aware` : ''})`,
      '0',
      idle?.writes,
      String(idle?.writes),
      (v) => v === 0,
    ),
    row(
      `edit latency p95 (${edit?.recs ?? '?'} RECs)`,
      '< 1000 ms',
      edit?.p95Ms,
      `${fmt(edit?.p95Ms, 0)} ms`,
      (v) => v < 1000,
    ),
    row('in-process synthesis, worst ms per cluster', '≤ 10 ms', synthMax, `${fmt(synthMax, 2)} ms`, (v) => v <= 10),
    row(
      `runner peak RSS (${mem?.recs ?? '?'} RECs)`,
      '≤ 150 MB',
      mem?.peakMb,
      `${fmt(mem?.peakMb, 0)} MB${mem && !mem.converged ? ' (not converged in time)' : ''}`,
      (v) => v <= 150,
    ),
  ];
}

export function markdown(r: Results): string {
  const sizes = [
    ...new Set([0, ...r.convergence.map((c) => c.recs), ...r.idle.map((i) => i.recs), ...r.memory.map((m) => m.recs)]),
  ].sort((a, b) => a - b);
  const cells = (f: (n: number) => string) => sizes.map((n) => f(n)).join(' | ');
  const conv = (n: number) => at(r.convergence, n);
  const synth = (layout: 'one-chart' | 'chart-each') => (n: number) =>
    fmt(r.synthesis?.perCluster[layout][String(n)], 2);
  const g = r.growth ?? {};
  const lines = [
    `Run ${r.date} (${r.mode}, ${r.durationS ?? '?'} s) on ${r.machine.nproc} × ${r.machine.cpu}, ${r.machine.memoryGb} GB; load average at start ${r.machine.loadAverageAtStart.map((x) => x.toFixed(1)).join(' ')}.`,
    `Node ${r.versions.node}, Kubernetes ${r.versions.kubernetes}, etcd ${r.versions.etcd}, kwok ${r.versions.kwok}.`,
    '',
    `| RECs | ${sizes.join(' | ')} | growth |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|`,
    `| synthesis, ms per cluster, one chart | ${cells(synth('one-chart'))} | ${g.synthesisPerCluster ?? ''} |`,
    `| synthesis, ms per cluster, a chart each | ${cells(synth('chart-each'))} | |`,
    `| runner: create → converged, s | ${cells((n) => fmt(conv(n) && conv(n)!.runnerMs / 1000, 2))} | ${g.runnerConvergence ?? ''} ${g.runnerConvergenceUpper ? `; ${g.runnerConvergenceUpper}` : ''} |`,
    `| kubectl apply --server-side, s | ${cells((n) => fmt(conv(n) && conv(n)!.kubectlMs / 1000, 2))} | ${g.kubectlConvergence ?? ''} |`,
    `| runner / kubectl | ${cells((n) => fmt(conv(n)?.ratio, 2))} | |`,
    `| machine busy while converging, runner / kubectl | ${cells((n) => {
      const c = conv(n)?.cpu;
      return c ? `${pct(c.runner.machine)} / ${pct(c.kubectl.machine)}` : '–';
    })} | |`,
    `| kube-apiserver CPU s per REC, runner / kubectl | ${cells((n) => {
      const c = conv(n)?.cpu;
      return c
        ? `${fmt(perRec(c.runner, 'kube-apiserver', n), 2)} / ${fmt(perRec(c.kubectl, 'kube-apiserver', n), 2)}`
        : '–';
    })} | |`,
    `| client CPU s per REC, runner (in-process) / kubectl | ${cells((n) => {
      const c = conv(n)?.cpu;
      return c
        ? `${fmt(perRec(c.runner, 'bench process', n), 2)} / ${fmt(perRec(c.kubectl, 'child processes', n), 2)}`
        : '–';
    })} | |`,
    `| runner requests per converged object | ${cells((n) => fmt(conv(n)?.requestsPerObject, 2))} | ${g.requestsPerObject ?? ''} |`,
    `| runner writes per converged object | ${cells((n) => fmt(conv(n)?.writesPerObject, 2))} | |`,
    `| idle resync, one REC more and rack-aware: requests / writes | ${cells((n) => {
      const i = at(r.idle, n);
      return i ? `${i.requests} / ${i.writes}${i.settled ? '' : ' (not settled)'}` : '–';
    })} | |`,
    `| edit → StatefulSet, median / p95 ms | ${cells((n) => {
      const e = at(r.edits, n);
      return e ? `${fmt(e.medianMs, 0)} / ${fmt(e.p95Ms, 0)} (${e.edits})` : '–';
    })} | ${g.editP95 ?? ''} |`,
    `| runner requests per edit | ${cells((n) => fmt(at(r.edits, n)?.requestsPerEdit, 1))} | |`,
    `| runner peak RSS, MB (child process) | ${cells((n) => {
      const m = at(r.memory, n);
      return m ? `${fmt(m.peakMb, 0)}${m.converged ? '' : '*'}` : '–';
    })} | ${g.memoryGrowth ?? ''} |`,
    `| runner idle RSS / V8 heap, MB | ${cells((n) => {
      const m = at(r.memory, n);
      return m ? `${fmt(m.idleMb, 0)} / ${fmt(m.heapMb, 0)}` : '–';
    })} | ${g.memoryPerRec ?? ''} |`,
    `| memory run: create → converged, s | ${cells((n) => {
      const m = at(r.memory, n);
      return m && n > 0 ? fmt(m.convergeMs / 1000, 1) : '–';
    })} | |`,
    '',
    `\`npm run synth\` of the example (wall time): ${fmt((r.synthesis?.npmSynthMs ?? NaN) / 1000, 2)} s; first cluster in a fresh process: ${fmt(r.synthesis?.coldMs, 0)} ms.`,
    '',
    '| target | goal | measured | met |',
    '|---|---|---|---|',
    ...(r.targets ?? []).map(
      (t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`,
    ),
  ];
  if (r.memory.some((m) => !m.converged)) lines.push('', '\\* not converged within its time limit: a lower bound.');
  if (r.problems.length > 0) lines.push('', 'Problems:', ...r.problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replace the table in README.md between the markers (the rest of the file is written by hand). */
export function updateReadme(file: string, table: string): void {
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file}: markers ${START} ... ${END} not found`);
  writeFileSync(file, `${text.slice(0, from + START.length)}\n${table}\n${text.slice(to)}`);
}
