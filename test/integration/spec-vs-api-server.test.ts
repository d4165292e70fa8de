/**
 * Generative proof of "the spec refuses what Kubernetes would refuse": specs from arbitraries
 * that mirror the schema (valid, edge-valid, and targeted mutations of each category), and for
 * each, `validate` accepts exactly when the real API server accepts every rendered object in a
 * dry run (see test/support/spec-fuzz/oracle.ts for the rule and its narrow exclusions), and
 * the CRD's CEL refuses the REC exactly when validate refuses it for a rule that has CEL.
 *
 * `npm test` runs a fixed seed (REC_SPEC_FUZZ_RUNS and REC_SPEC_FUZZ_SEED change them); the long
 * run is `npm run fuzz` (scripts/fuzz-spec.ts), the same batches outside the test runner, whose
 * 10-minute limit per file it would exceed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, ensureCrd, createNamespace, deleteNamespace, type Cluster } from './helpers/rec-cluster.js';
import { Limiter } from '../support/spec-fuzz/oracle.js';
import { emptyFigures, runBatch, summaryLine } from '../support/spec-fuzz/run.js';
import { MUTATIONS } from '../support/spec-fuzz/arbitraries.js';

const RUNS = Number(process.env.REC_SPEC_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.REC_SPEC_FUZZ_SEED ?? 20_261_201);
/** Dry-run requests in flight at once (2 cores shared with the API server). */
const CONCURRENCY = 8;
/** Specs per test: each test stays well inside the runner's 10-minute limit. */
const BATCH = 1000;

let cluster: Cluster;
let namespace: string;
const figures = emptyFigures();
const started = Date.now();

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  namespace = await createNamespace(cluster.client, 'rec-spec-fuzz');
});
after(async () => {
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`${summaryLine(figures, SEED, seconds)}\n`);
  await deleteNamespace(cluster.client, namespace);
  cluster.client.close();
});

const limiter = new Limiter(CONCURRENCY);
for (let first = 0; first < RUNS; first += BATCH) {
  const count = Math.min(BATCH, RUNS - first);
  // Each batch has a seed of its own, derived from the run's: batches reproduce one by one.
  const seed = SEED + first;
  test(`validate and the API server agree on ${count} generated specs (seed ${seed})`, async () => {
    const before = figures.disagreements.length;
    await runBatch({ client: cluster.client, limiter, namespace, seed, count, parallel: 4, figures });
    const found = figures.disagreements.slice(before);
    const shown = found
      .slice(0, 5)
      .map((d) => `#${d.index} (${d.mutation}): ${d.what}\n  spec: ${JSON.stringify(d.spec).slice(0, 600)}`);
    assert.equal(found.length, 0, `${found.length} disagreements (seed ${seed}; first ones):\n${shown.join('\n')}`);
  });
}

test('the run covered valid specs, refused specs and every mutation family', () => {
  assert.ok(figures.valid > 0 && figures.refused > 0, `${figures.valid} valid, ${figures.refused} refused`);
  const missing = MUTATIONS.map(([name]) => name).filter((name) => !figures.mutations[name]);
  assert.deepEqual(missing, [], `mutation families never generated: ${missing.join(', ')}`);
});
