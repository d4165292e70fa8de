/**
 * Edit latency: a spec edit (an `extraLabels` value, which lands on every object the REC owns)
 * made with a merge patch, timed until the bench's watch sees the StatefulSet carry it. Edits go
 * one at a time, round-robin over the RECs, so each measures a runner that is not already busy.
 */
import { RESOURCE } from '../lib/kube/resources.js';
import type { KubeObject } from '../lib/kube/client.js';
import { sleep, type Kube } from './kube.js';
import type { NamespaceWatch } from './observe.js';
import type { RunnerSession } from './runner-session.js';
import { median, percentile } from './stats.js';

export interface EditResult {
  readonly recs: number;
  readonly edits: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Runner requests per edit (applies of the relabelled objects, status, events). */
  readonly requestsPerEdit: number;
}

const LABEL = 'bench.rec-cdk8s.io/edit';

export async function editLatency(
  kube: Kube,
  session: RunnerSession,
  watch: NamespaceWatch,
  recNames: readonly string[],
  edits: number,
  timeoutMs: number,
): Promise<EditResult> {
  const latencies: number[] = [];
  const requestsBefore = session.counter.total() - session.counter.count('WATCH');
  for (let i = 0; i < edits; i++) {
    const name = recNames[i % recNames.length]!;
    const value = `e${i}`;
    // Listen before the patch, so an event that beats the patch's response is not missed.
    const seen = watch.until(
      (_, obj?: KubeObject) =>
        obj?.kind === 'StatefulSet' && obj.metadata.name === name && obj.metadata.labels?.[LABEL] === value,
      timeoutMs,
      `StatefulSet ${name} to carry ${LABEL}=${value}`,
    );
    const started = performance.now();
    await kube.client.patch(
      RESOURCE.redisEnterpriseCluster,
      watch.namespace,
      name,
      { spec: { extraLabels: { [LABEL]: value } } },
      { patchType: 'merge' },
    );
    latencies.push((await seen) - started);
  }
  // The last edit's reconcile goes on (status, events) after its StatefulSet apply.
  await sleep(500);
  const requests = session.counter.total() - session.counter.count('WATCH') - requestsBefore;
  return {
    recs: recNames.length,
    edits,
    medianMs: median(latencies),
    p95Ms: percentile(latencies, 95),
    maxMs: Math.max(...latencies),
    requestsPerEdit: requests / edits,
  };
}
