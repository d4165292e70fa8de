// The test runner behind `npm test` and `npm run test:unit`.
//
//   tsx scripts/run-tests.ts            unit, package and integration tests
//   tsx scripts/run-tests.ts --unit     unit tests only, no control plane
//   tsx scripts/run-tests.ts --package  the package test only (test/package: npm pack into a
//                                       stock cdk8s app; no control plane, a few minutes)
//   tsx scripts/run-tests.ts FILE...    just these files
//
// Node 20's `node --test` takes no globs, so test files are found here and
// passed explicitly, in ONE `node --test` run (one closing summary; its exit
// code is ours).
//
// Integration tests (test/integration/**) get a real control plane: this
// script runs `control-plane up --owner-pid <this pid>`, exports KUBECONFIG
// and REC_TEST_KUBECONFIG to the tests, and runs `down` afterwards, also on
// SIGINT/SIGTERM; if this process is SIGKILLed, the supervisor notices its
// owner is gone and tears everything down by itself within a second or two.
// A control plane that was already running (a developer's `up`) is reused and
// left running.
//
// Opt-in to an existing cluster: set REC_TEST_KUBECONFIG to its kubeconfig and
// nothing is started or stopped. The tests then run against that cluster, so
// they must (and the helpers in test/support/cluster.ts do) work in their own
// uniquely named namespaces and delete them afterwards.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot, tsxLoaderUrl } from './control-plane/paths.js';
import { health } from './control-plane/status.js';
import { binDir } from './control-plane/versions.js';

const cli = join(repoRoot, 'scripts', 'control-plane', 'cli.ts');
const say = (msg: string): void => void process.stderr.write(`[run-tests] ${msg}\n`);

function findTests(dir: string): string[] {
  const abs = join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)))
    .sort();
}

const isIntegration = (f: string): boolean => f.split(/[\\/]/).slice(0, 2).join('/') === 'test/integration';

let child: ChildProcess | undefined;
let stopControlPlane: (() => void) | undefined;
let interrupted: NodeJS.Signals | undefined;

function onSignal(sig: NodeJS.Signals): void {
  if (interrupted) return;
  interrupted = sig;
  say(`received ${sig}; stopping tests`);
  if (child && child.exitCode === null) {
    child.kill(sig);
    setTimeout(() => child?.kill('SIGKILL'), 10_000).unref();
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

function run(
  cmd: string,
  args: string[],
  opts: Parameters<typeof spawn>[2],
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    child = spawn(cmd, args, opts);
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code, sig) => resolvePromise({ code: code ?? (sig ? 1 : 0), stdout }));
  });
}

/** Returns the kubeconfig for integration tests, starting a control plane if needed. */
async function controlPlane(): Promise<string> {
  const external = process.env.REC_TEST_KUBECONFIG;
  if (external) {
    say(`using existing cluster from REC_TEST_KUBECONFIG=${external}; starting nothing`);
    return external;
  }
  const h = await health();
  if (h.ready && h.kubeconfig) {
    say(`reusing the running control plane (${h.detail}); it stays up afterwards`);
    return h.kubeconfig;
  }
  say('starting the control plane');
  stopControlPlane = () => {
    say('stopping the control plane');
    spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, 'down'], { stdio: ['ignore', 'inherit', 'inherit'] });
  };
  const { code, stdout } = await run(
    process.execPath,
    ['--import', tsxLoaderUrl(), cli, 'up', '--owner-pid', String(process.pid)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const kubeconfig = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !existsSync(kubeconfig)) throw new Error(`control-plane up failed (exit ${code})`);
  return kubeconfig;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { unit: { type: 'boolean' }, integration: { type: 'boolean' }, package: { type: 'boolean' } },
  });
  let files: string[];
  if (positionals.length > 0) {
    files = positionals.map((f) => relative(repoRoot, resolve(f)));
    const missing = files.filter((f) => !existsSync(join(repoRoot, f)));
    if (missing.length > 0) throw new Error(`no such test file: ${missing.join(', ')}`);
  } else {
    const only = values.unit ? 'unit' : values.package ? 'package' : values.integration ? 'integration' : undefined;
    files = (['unit', 'package', 'integration'] as const)
      .filter((kind) => !only || only === kind)
      .flatMap((kind) => findTests(`test/${kind}`));
  }
  if (files.length === 0) {
    // `node --test` with no files would go looking for tests all over the tree.
    say('no test files found; nothing to run');
    return 0;
  }

  // REC_TEST_OWNER_PID: the orphan guard makes test processes exit if we are SIGKILLed.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REC_CONTROL_PLANE_BIN: binDir(),
    REC_TEST_OWNER_PID: String(process.pid),
  };
  if (files.some(isIntegration)) {
    const kubeconfig = await controlPlane();
    if (interrupted) return 130;
    Object.assign(env, { KUBECONFIG: kubeconfig, REC_TEST_KUBECONFIG: kubeconfig });
  }

  say(`running ${files.length} test file(s)`);
  const { code } = await run(
    process.execPath,
    [
      '--import',
      tsxLoaderUrl(),
      '--import',
      pathToFileURL(join(repoRoot, 'test', 'support', 'orphan-guard.ts')).href,
      '--test',
      // One file at a time: integration tests share one cluster, and 2 cores
      // gain nothing from running unit test files side by side.
      '--test-concurrency=1',
      // A hung test fails after 10 minutes instead of hanging CI.
      '--test-timeout=600000',
      ...files,
    ],
    { cwd: repoRoot, env, stdio: 'inherit' },
  );
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  say(`error: ${(err as Error).message}`);
  exitCode = 1;
} finally {
  stopControlPlane?.();
}
if (interrupted) exitCode = interrupted === 'SIGINT' ? 130 : 143;
process.exit(exitCode);
