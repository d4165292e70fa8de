// npm run --silent control-plane -- <command> [options]
// Thin argument parsing; each command lives in its own module.
import { parseArgs } from 'node:util';
import { ensureBinaries } from './build.js';
import { down } from './down.js';
import { pin } from './gomod.js';
import { DEFAULT_NODE_COUNT } from './nodes.js';
import { printStatus } from './status.js';
import { up } from './up.js';
import { binDir, readVersions } from './versions.js';

const HELP = `Usage: npm run --silent control-plane -- <command> [options]

A real Kubernetes control plane for tests: etcd, kube-apiserver,
kube-controller-manager, kube-scheduler, kwok (fake nodes) and a test-only
volume provisioner, all on 127.0.0.1, run by one detached supervisor.

Commands:
  up       Build the binaries if needed, start the control plane, wait until it
           is ready; the last line on stdout is the admin kubeconfig path.
           When already running, prints the same path.
  down     Stop every process \`up\` started and remove the state directory.
           Exits 0 when nothing runs.
  status   Show processes and health. Exit 0 ready, 1 not ready, 3 not running.
  build    Only build the binaries into the cache; prints the bin directory.
  pin      Regenerate go/*/go.mod and go.sum from versions.json (after a bump).

Options for up:
  --owner-pid PID   Tear everything down when PID exits (repeatable). Used by
                    the test runner so a killed test run leaves no process.
  --nodes N         Number of fake kwok nodes (default ${DEFAULT_NODE_COUNT}), spread over
                    zones zone-a/b/c.
  --timeout SECS    How long to wait for readiness after the build (default 180).

Environment:
  REC_CONTROL_PLANE_DIR     State directory (default <repo>/.control-plane)
  REC_CONTROL_PLANE_CACHE   Binary cache (default ~/.cache/rec-cdk8s/control-plane)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'owner-pid': { type: 'string', multiple: true },
      nodes: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'up': {
      const ownerPids = (values['owner-pid'] ?? []).map((p) => positiveInt(p, '--owner-pid'));
      const nodes = values.nodes ? positiveInt(values.nodes, '--nodes') : DEFAULT_NODE_COUNT;
      const timeoutMs = (values.timeout ? positiveInt(values.timeout, '--timeout') : 180) * 1000;
      console.log(await up({ ownerPids, nodes, timeoutMs }));
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'status':
      return printStatus();
    case 'build':
      console.log(await ensureBinaries());
      return 0;
    case 'pin':
      pin(readVersions());
      console.error(`pinned; binaries will go to ${binDir()}`);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

function positiveInt(s: string, flag: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(s)}`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[control-plane] error: ${err.message}\n`);
    process.exit(1);
  },
);
