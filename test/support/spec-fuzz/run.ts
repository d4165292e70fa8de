/**
 * One generative run: `count` specs from a seed, each judged by the oracle, several at a time
 * (requests bounded by one Limiter), with the figures the report needs.
 */
import type { KubeClient } from '../../../lib/kube/client.js';
import { sampleSpecs } from './arbitraries.js';
import { judge, type Limiter } from './oracle.js';

export interface Disagreement {
  readonly seed: number;
  readonly index: number;
  readonly mutation: string;
  readonly what: string;
  readonly spec: Record<string, unknown>;
}

export interface RunFigures {
  specs: number;
  valid: number;
  refused: number;
  excluded: number;
  disagreements: Disagreement[];
  requests: number;
  /** Specs per mutation family ("none": the base spec). */
  mutations: Record<string, number>;
}

export function emptyFigures(): RunFigures {
  return { specs: 0, valid: 0, refused: 0, excluded: 0, disagreements: [], requests: 0, mutations: {} };
}

/** Judge `count` specs of `seed` into `figures`; `parallel` specs at a time. */
export async function runBatch(options: {
  client: KubeClient;
  limiter: Limiter;
  namespace: string;
  seed: number;
  count: number;
  parallel: number;
  figures: RunFigures;
}): Promise<void> {
  const { client, limiter, namespace, seed, count, parallel, figures } = options;
  const specs = sampleSpecs(seed, count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= specs.length) return;
      const { spec, mutation } = specs[index]!;
      const verdict = await judge(client, limiter, namespace, spec);
      figures.specs++;
      figures.mutations[mutation] = (figures.mutations[mutation] ?? 0) + 1;
      figures.requests += verdict.objects.length + 1;
      if (verdict.errors.length === 0) figures.valid++;
      else figures.refused++;
      if (verdict.excluded) figures.excluded++;
      for (const what of [verdict.objectDisagreement, verdict.crdDisagreement]) {
        if (what) figures.disagreements.push({ seed, index, mutation, what, spec });
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** The one line a run ends with. */
export function summaryLine(figures: RunFigures, seed: number, seconds: number): string {
  return (
    `[spec-fuzz] ${figures.specs} specs (seed ${seed}): ${figures.valid} valid, ${figures.refused} refused ` +
    `(${figures.excluded} excluded by design), ${figures.disagreements.length} disagreements, ` +
    `${figures.requests} dry-run requests, ${seconds.toFixed(1)} s`
  );
}
