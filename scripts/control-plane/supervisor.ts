// The supervisor: one detached process (its own process group) that runs
// every control-plane component as its child, restarts one that dies, and
// tears them all down on SIGTERM/SIGINT/SIGHUP, or by itself when an owner
// process (`up --owner-pid`) exits, so a SIGKILLed test run leaves nothing.
//
// Usage (by `up` only): node --import tsx supervisor.ts <state-dir>
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Plan, readJson, writeJsonAtomic, type ComponentSpec } from './plan.js';
import { stateFiles } from './paths.js';
import { isAlive, startTime } from './proc.js';
import { probe } from './probe.js';
import type { Phase, RuntimeState } from './state.js';
import { sleep } from './lock.js';

const files = stateFiles(process.argv[2] ?? '');
const plan = readJson<Plan>(files.plan);
if (!plan) {
  console.error(`supervisor: no plan at ${files.plan}`);
  process.exit(2);
}

const STOP_GRACE_MS = 3000;
const STAGE_TIMEOUT_MS = 120_000;
const say = (msg: string): void => console.log(`${new Date().toISOString()} supervisor: ${msg}`);

const children = new Map<string, ChildProcess>();
const restartTimers = new Set<NodeJS.Timeout>();
let stopping = false;

const state: RuntimeState = {
  version: 1,
  supervisor: { pid: process.pid, startTime: startTime(process.pid) },
  phase: 'starting',
  kubeconfig: plan.kubeconfig,
  apiserverUrl: plan.apiserverUrl,
  ownerPids: plan.ownerPids,
  components: Object.fromEntries(
    plan.components.map((c) => [c.name, { restarts: 0, log: join(files.logs, `${c.name}.log`) }]),
  ),
  updatedAt: new Date().toISOString(),
};

function save(phase?: Phase, message?: string): void {
  if (phase) state.phase = phase;
  if (message !== undefined) state.message = message;
  state.updatedAt = new Date().toISOString();
  try {
    writeJsonAtomic(files.state, state);
  } catch {
    // The state directory may already be gone (removed by `down`).
  }
}

function start(spec: ComponentSpec): void {
  if (stopping) return;
  const cs = state.components[spec.name]!;
  const out = openSync(cs.log, 'a');
  // Same process group as the supervisor: `down` can kill the whole group.
  const child = spawn(spec.command, spec.args, {
    cwd: files.dir,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  children.set(spec.name, child);
  child.on('error', (err) => say(`${spec.name}: ${err.message}`));
  if (child.pid !== undefined) {
    cs.pid = child.pid;
    cs.startTime = startTime(child.pid);
  }
  say(`started ${spec.name} (pid ${child.pid})`);
  save();
  child.on('exit', (code, sig) => {
    children.delete(spec.name);
    cs.lastExit = `${new Date().toISOString()} ${sig ?? `code ${code}`}`;
    cs.pid = undefined;
    cs.startTime = undefined;
    if (stopping) return save();
    // Restart with a growing delay (1s, 2s, 4s ... 10s): a crash loop is
    // visible in status and logs without spinning the CPU.
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(cs.restarts, 4));
    cs.restarts++;
    say(`${spec.name} exited (${cs.lastExit}); restart #${cs.restarts} in ${delay}ms`);
    save();
    const t = setTimeout(() => {
      restartTimers.delete(t);
      start(spec);
    }, delay);
    restartTimers.add(t);
  });
}

async function waitForProbes(specs: ComponentSpec[]): Promise<void> {
  const deadline = Date.now() + STAGE_TIMEOUT_MS;
  for (const spec of specs) {
    if (!spec.probe) continue;
    while (!(await probe(spec.probe))) {
      if (stopping) return;
      if (Date.now() > deadline)
        throw new Error(`${spec.name} not healthy after ${STAGE_TIMEOUT_MS / 1000}s (${spec.probe.url})`);
      await sleep(250);
    }
    say(`${spec.name} is healthy`);
  }
}

async function run(): Promise<void> {
  const stages = [...new Set(plan!.components.map((c) => c.stage))].sort((a, b) => a - b);
  for (const [i, stage] of stages.entries()) {
    const specs = plan!.components.filter((c) => c.stage === stage);
    specs.forEach(start);
    // Later stages need this one healthy (the apiserver needs etcd, ...).
    if (i < stages.length - 1) await waitForProbes(specs);
    if (stopping) return;
  }
  save('running');
  say('all components started');
}

async function shutdown(reason: string, opts: { removeState: boolean; exitCode?: number }): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`shutting down: ${reason}`);
  save('stopping', reason);
  restartTimers.forEach(clearTimeout);
  // Clients first, then the apiserver, then etcd: a server whose clients are
  // gone stops at once, while etcd would wait on the apiserver's open watches.
  const stages = [...new Set(plan!.components.map((c) => c.stage))].sort((a, b) => b - a);
  for (const stage of stages) {
    const names = plan!.components.filter((c) => c.stage === stage).map((c) => c.name);
    await stopChildren(names);
  }
  save('stopped', reason);
  if (opts.removeState) rmSync(files.dir, { recursive: true, force: true, maxRetries: 3 });
  process.exit(opts.exitCode ?? 0);
}

async function stopChildren(names: string[]): Promise<void> {
  const running = (): [string, ChildProcess][] => [...children].filter(([n]) => names.includes(n));
  for (const [, child] of running()) child.kill('SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (running().length > 0 && Date.now() < deadline) await sleep(50);
  for (const [name, child] of running()) {
    say(`${name} did not stop within ${STOP_GRACE_MS}ms of SIGTERM; killing it`);
    child.kill('SIGKILL');
  }
  while (running().length > 0 && Date.now() < deadline + 2000) await sleep(50);
  say(`stopped ${names.join(', ')} in ${Date.now() - deadline + STOP_GRACE_MS}ms`);
}

// When an owner is gone, nobody will call `down`: clean up ourselves,
// state directory included.
function watchOwners(): void {
  if (plan!.ownerPids.length === 0) return;
  setInterval(() => {
    const gone = plan!.ownerPids.filter((pid) => !isAlive(pid));
    if (gone.length > 0) void shutdown(`owner process ${gone.join(', ')} exited`, { removeState: true });
  }, 1000);
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(sig, () => void shutdown(`received ${sig}`, { removeState: false }));
}
process.on('uncaughtException', (err) => {
  say(`uncaught: ${err.stack ?? err}`);
  void shutdown('supervisor error', { removeState: false, exitCode: 1 });
});

mkdirSync(files.logs, { recursive: true });
writeJsonAtomic(files.supervisorPid, state.supervisor);
save();
say(`pid ${process.pid}, owners [${plan.ownerPids.join(', ')}]`);
watchOwners();
run().catch((err: Error) => {
  say(`start failed: ${err.message}`);
  save('failed', err.message);
  void shutdown(err.message, { removeState: false, exitCode: 1 });
});
