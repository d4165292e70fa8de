// `npm run fuzz`: the long generative run of "validate says valid exactly when the API server
// accepts every rendered object" (the oracle and arbitraries of test/support/spec-fuzz/, the
// same as test/integration/spec-vs-api-server.test.ts runs on 300 specs in `npm test`).
//
//   npm run fuzz                               10000 specs from a new seed
//   npm run fuzz -- --runs 2000 --seed 42
//
// The cluster: REC_TEST_KUBECONFIG when set (nothing started or stopped); else a control plane
// already running in REC_CONTROL_PLANE_DIR is reused; else one is started here, as
// scripts/run-tests.ts starts one (tied to this process, stopped at the end), from the binaries
// `npm run control-plane -- build` made. It runs outside `node --test`, whose 10-minute limit
// per file a long run exceeds. Prints one line per 1000 specs and the figures at the end
// (disagreements: goal 0); every disagreement, with its seed and index, goes to a JSON file.
// Exit code 0 with no disagreement, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, tsxLoaderUrl } from './control-plane/paths.js';
import { health } from './control-plane/status.js';
import { Limiter } from '../test/support/spec-fuzz/oracle.js';
import { emptyFigures, runBatch, summaryLine } from '../test/support/spec-fuzz/run.js';

const BATCH = 1000;
const CONCURRENCY = 8;
const say = (text: string): void => void process.stderr.write(`[fuzz] ${text}\n`);
const cli = join(repoRoot, 'scripts', 'control-plane', 'cli.ts');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  say('usage: npm run fuzz -- [--runs N] [--seed S]');
  process.exit(2);
}

let stopControlPlane: (() => void) | undefined;

/** The kubeconfig of the cluster to run against, starting a control plane when there is none. */
async function kubeconfig(): Promise<string> {
  const external = process.env.REC_TEST_KUBECONFIG;
  if (external) return external;
  const running = await health();
  if (running.ready && running.kubeconfig) {
    say(`reusing the running control plane (${running.detail})`);
    return running.kubeconfig;
  }
  say('starting a control plane');
  stopControlPlane = () =>
    void spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, 'down'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  const up = spawn(process.execPath, ['--import', tsxLoaderUrl(), cli, 'up', '--owner-pid', String(process.pid)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  up.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number>((resolve) => up.on('close', (c) => resolve(c ?? 1)));
  const path = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !existsSync(path)) throw new Error(`control-plane up failed (exit ${code})`);
  return path;
}

async function main(): Promise<number> {
  process.env.REC_TEST_KUBECONFIG = await kubeconfig();
  // Loaded once the kubeconfig is known: the helpers read it from the environment.
  const { connect, ensureCrd, createNamespace, deleteNamespace } =
    await import('../test/integration/helpers/rec-cluster.js');
  const cluster = connect();
  await ensureCrd(cluster.client);
  const namespace = await createNamespace(cluster.client, 'rec-spec-fuzz');
  const figures = emptyFigures();
  const limiter = new Limiter(CONCURRENCY);
  const started = Date.now();
  say(`${runs} specs from seed ${seed}, ${CONCURRENCY} dry-run requests at a time`);
  try {
    for (let first = 0; first < runs; first += BATCH) {
      // Batch seeds as the integration test derives them: a batch reproduces there with REC_SPEC_FUZZ_SEED.
      await runBatch({
        client: cluster.client,
        limiter,
        namespace,
        seed: seed + first,
        count: Math.min(BATCH, runs - first),
        parallel: 4,
        figures,
      });
      say(
        `${figures.specs}/${runs} specs, ${figures.disagreements.length} disagreements, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  } finally {
    await deleteNamespace(cluster.client, namespace);
    cluster.client.close();
  }
  process.stdout.write(`${summaryLine(figures, seed, (Date.now() - started) / 1000)}\n`);
  if (figures.disagreements.length === 0) return 0;
  const file = join(tmpdir(), `rec-spec-fuzz-${seed}.json`);
  writeFileSync(file, JSON.stringify(figures.disagreements, null, 2));
  for (const d of figures.disagreements.slice(0, 10))
    process.stdout.write(`  seed ${d.seed} #${d.index} (${d.mutation}): ${d.what.slice(0, 300)}\n`);
  say(`every disagreement, with its spec: ${file}`);
  return 1;
}

let exitCode = 1;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopControlPlane?.();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
try {
  exitCode = await main();
} catch (error) {
  say(`error: ${(error as Error).message}`);
} finally {
  stopControlPlane?.();
}
process.exit(exitCode);
