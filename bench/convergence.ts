/**
 * Convergence: N RECs created at once, until every object they produce exists and every REC's
 * status says Valid for its current generation (see recConverged); against `kubectl apply
 * --server-side` of the very same rendered objects, until it returns and they exist. Each side
 * gets a fresh namespace on a quiet cluster; the ratio of the two times is the figure.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import { renderClusterManifest } from '../lib/render/cluster-manifest.js';
import { FIELD_MANAGER } from '../lib/runner/names.js';
import { desiredObjects } from '../lib/runner/desired-objects.js';
import { createNamespace, inParallel, kubectlBinary, recManifest, type Kube } from './kube.js';
import { NamespaceWatch, objectId } from './observe.js';
import { startRunner, type RunnerSession } from './runner-session.js';
import { cpuDelta, type CpuSample, type CpuUse } from './cpu.js';

/** CPU accounting for a window: a sampler and the number of cores. */
export interface CpuMeter {
  sample(): CpuSample;
  readonly cores: number;
}

/**
 * Names ("Kind/name") of every object the REC manifests produce without a runner (`render`: what
 * kubectl applies), and the objects.
 */
export function expectedObjects(recs: readonly ReturnType<typeof recManifest>[]): {
  ids: string[];
  objects: ReturnType<typeof renderClusterManifest>['objects'];
} {
  const objects = recs.flatMap((rec) => renderClusterManifest(rec).objects);
  return { ids: objects.map((o) => objectId(o.kind, o.metadata.name)), objects };
}

/**
 * Names ("Kind/name") of every object the runner makes for the RECs: what "exists" means for a
 * runner. Not render's: the runner makes the password itself (no generator Job, ServiceAccount,
 * Role, RoleBinding) and binds the installed node ClusterRole (a `<rec>.node` RoleBinding).
 */
export function runnerObjectIds(recs: readonly ReturnType<typeof recManifest>[]): string[] {
  return recs.flatMap((rec) => desiredObjects(rec).objects.map((o) => objectId(o.kind, o.metadata.name)));
}

export interface KubectlResult {
  readonly recs: number;
  readonly objects: number;
  /** From spawning kubectl until it returned and every object was seen by the watch. */
  readonly ms: number;
  readonly returnedMs: number;
  readonly cpu: CpuUse;
}

export async function kubectlConvergence(
  kube: Kube,
  meter: CpuMeter,
  n: number,
  workDir: string,
  timeoutMs: number,
): Promise<KubectlResult & { watch: NamespaceWatch }> {
  const namespace = await createNamespace(kube.client, `bench-kubectl-${n}`);
  const recs = Array.from({ length: n }, (_, i) => recManifest(namespace, i));
  const { ids, objects } = expectedObjects(recs);
  const file = join(workDir, `kubectl-${namespace}.yaml`);
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  const watch = await new NamespaceWatch(kube.client, namespace).start();
  const cpuBefore = meter.sample();
  const started = performance.now();
  const returned = kubectl(kube.kubeconfig, [
    'apply',
    '--server-side',
    `--field-manager=${FIELD_MANAGER}`,
    '-f',
    file,
  ]).then(() => performance.now());
  const exist = watch.converged(ids, [], timeoutMs);
  const [returnedAt, existAt] = await Promise.all([returned, exist]).catch(async (error: unknown) => {
    await watch.stop();
    throw error;
  });
  const ms = Math.max(returnedAt, existAt) - started;
  return {
    recs: n,
    objects: ids.length,
    ms,
    returnedMs: returnedAt - started,
    cpu: cpuDelta(cpuBefore, meter.sample(), ms, meter.cores),
    watch,
  };
}

function kubectl(kubeconfig: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Async spawn: the watch keeps receiving events on this event loop while kubectl runs.
    const child = spawn(kubectlBinary(), ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`kubectl ${args[0]} exited ${code}: ${stderr.slice(-1000)}`)),
    );
  });
}

export interface RunnerResult {
  readonly recs: number;
  readonly objects: number;
  /** From the first REC create until converged. */
  readonly ms: number;
  /** Requests the runner made in that time (LIST and WATCH left out), and per converged object (the floor is 1: one apply each). */
  readonly requests: number;
  readonly requestsPerObject: number;
  readonly writes: number;
  readonly byVerb: Record<string, number>;
  readonly cpu: CpuUse;
}

/** Creates the RECs (32 at a time, as one client would) with a runner already watching the fresh namespace. */
export async function runnerConvergence(
  kube: Kube,
  meter: CpuMeter,
  kubeConfig: KubeConfig,
  n: number,
  workDir: string,
  timeoutMs: number,
): Promise<RunnerResult & { session: RunnerSession; watch: NamespaceWatch; namespace: string }> {
  const namespace = await createNamespace(kube.client, `bench-runner-${n}`);
  const recs = Array.from({ length: n }, (_, i) => recManifest(namespace, i));
  const ids = runnerObjectIds(recs);
  const watch = await new NamespaceWatch(kube.client, namespace).start();
  const session = await startRunner(kubeConfig, namespace, workDir);
  session.counter.reset();
  const cpuBefore = meter.sample();
  const started = performance.now();
  let at: number;
  try {
    const converged = watch.converged(
      ids,
      recs.map((r) => r.metadata.name),
      timeoutMs,
    );
    await inParallel(recs, 32, (rec) => kube.client.create(rec));
    at = await converged;
  } catch (error) {
    // A runner left running in this process would load every later phase.
    await session.stop();
    await watch.stop();
    throw error;
  }
  const cpu = cpuDelta(cpuBefore, meter.sample(), at - started, meter.cores);
  // Read at once: nothing else runs between the resolution above and this line.
  const snapshot = session.counter.snapshot();
  // LIST and WATCH are the informers' (re)connections, not work for these RECs.
  const requests = session.counter.total() - session.counter.count('LIST') - session.counter.count('WATCH');
  const writes = session.counter.writes();
  const byVerb = Object.fromEntries(
    Object.entries(snapshot)
      .filter(([k]) => k.includes(' ') && !/^(LIST|WATCH) /.test(k))
      .sort(([, a], [, b]) => b - a),
  );
  return {
    recs: n,
    objects: ids.length,
    ms: at - started,
    requests,
    requestsPerObject: requests / ids.length,
    writes,
    byVerb,
    cpu,
    session,
    watch,
    namespace,
  };
}
