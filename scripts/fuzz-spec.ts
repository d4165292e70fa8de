// `npm run fuzz`: the long generative run of test/integration/spec-vs-api-server.test.ts.
//
//   npm run fuzz                       10000 specs from a new seed
//   npm run fuzz -- --runs 2000 --seed 42
//
// It runs that test file through scripts/run-tests.ts, which starts (and stops) a control plane
// like the tests do, or uses the cluster of REC_TEST_KUBECONFIG. The file prints one line with
// the figures: specs, valid, refused, excluded, disagreements (goal 0), requests and time.
// A disagreement names its seed and index: `--seed <that seed> --runs <index + 1>` replays it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, tsxLoaderUrl } from './control-plane/paths.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S]\n');
  process.exit(2);
}
process.stderr.write(`[fuzz] ${runs} specs from seed ${seed}\n`);
const child = spawn(
  process.execPath,
  ['--import', tsxLoaderUrl(), join(repoRoot, 'scripts', 'run-tests.ts'), join('test', 'integration', 'spec-vs-api-server.test.ts')],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, REC_SPEC_FUZZ_RUNS: String(runs), REC_SPEC_FUZZ_SEED: String(seed) } },
);
// Pass Ctrl-C and termination on: run-tests stops the control plane it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
