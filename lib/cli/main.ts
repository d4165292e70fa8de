/**
 * `rec-cdk8s`: validate REC manifests, render what they produce, print the CRD.
 */
import { Command, CommanderError } from 'commander';
import { crdCommand, renderCommand, validateCommand, type Output } from './commands.js';
import { InputError } from './read-manifests.js';
import type { RunCommandOptions } from './run-command.js';
import { installCommand, type InstallCommandOptions } from './install-command.js';
import type { EnsurePasswordOptions } from './ensure-password-command.js';
import type { OrphansOptions } from './orphans-command.js';
import { withRunnerDependencies } from './runner-dependencies.js';
import { packageVersion } from './version.js';
import { RUNNER_DEFAULTS } from '../runner/defaults.js';

/** What `validate` and `render` do with a file that holds more than RECs; shown by --help. */
const INPUT_HELP = `
Input: YAML or JSON, several documents per file, \`kind: List\` (kubectl get -o yaml) unpacked
item by item. Other objects (Namespace, Secret, ...) are skipped by validate (a note on stderr)
and passed through unchanged by render, before the rendered objects. A file without any
RedisEnterpriseCluster, or two with the same namespace/name, is an error (exit 1).

Exit codes: 0 valid, 1 invalid, 2 unusable input (unreadable, binary, not YAML, a document that
is not a mapping, bad arguments).`;

const stdio: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Output = stdio): Promise<number> {
  let code = 0;
  const program = new Command('rec-cdk8s')
    .description(
      'Redis Enterprise clusters as code: validate RedisEnterpriseCluster manifests and render the objects they produce.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText('after', INPUT_HELP);

  program
    .command('validate')
    .description('Check REC manifests: exit 0 when every one is valid, 1 with one line per problem otherwise.')
    .argument('<file...>', 'YAML or JSON files (multi-document allowed); - for stdin')
    .option('--previous <file>', 'the manifest before the edit: also apply the edit rules (no fewer nodes, ...)')
    .addHelpText('after', INPUT_HELP)
    .action((files: string[], options: { previous?: string }) => {
      code = validateCommand(files, options, io);
    });

  program
    .command('render')
    .description('Print every object REC manifests produce, as multi-document YAML, in apply order. No cluster needed.')
    .argument('<file...>', 'YAML or JSON files (multi-document allowed); - for stdin')
    .option(
      '-n, --namespace <namespace>',
      "namespace of the rendered objects (default: the manifest's own, else none); other objects pass through unchanged",
    )
    .addHelpText('after', INPUT_HELP)
    .action((files: string[], options: { namespace?: string }) => {
      code = renderCommand(files, options, io);
    });

  program
    .command('crd')
    .description('Print the RedisEnterpriseCluster CustomResourceDefinition.')
    .action(() => {
      code = crdCommand(io);
    });

  program
    .command('install')
    .description(
      'Print the manifests that install the runner: CRD, namespace, ServiceAccount, least-privilege RBAC, Deployment, metrics Service.',
    )
    .option('--runner-namespace <namespace>', 'where the runner runs', 'rec-system')
    .option(
      '-n, --namespace <namespace>',
      "a namespace to watch (namespaced Role there); repeat for several (default: the runner's)",
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('-A, --all-namespaces', 'watch every namespace (a ClusterRole)')
    .option('--image <image>', 'the runner image')
    .option('--ingress', 'RECs may use ingressOrRouteSpec method ingress: grant Ingresses, run with --ingress')
    .option(
      '--istio',
      'RECs may use method istio: grant Istio Gateways and VirtualServices (Istio CRDs needed), run with --istio',
    )
    .option(
      '--openshift-route',
      'RECs may use method openShiftRoute: grant Routes with their own hosts, run with --openshift-route',
    )
    .option(
      '--istio-gateway-selector <labels>',
      'with --istio: labels (key=value,...) of your Istio ingress gateway pods (default: istio=ingress)',
    )
    .option('--usage-meter', 'let the runner manage the call home CronJob of RECs with usageMeter (CronJobs)')
    .option(
      '--pod-starting-policy',
      'let the runner act on podStartingPolicy: watch pods, delete node pods stuck in ContainerCreating',
    )
    .action((options: InstallCommandOptions) => {
      code = installCommand(options, io);
    });

  program
    .command('run')
    .description('Run the reconcile runner: watch RECs and keep the objects they produce true (until SIGTERM).')
    .option(
      '-n, --namespace <namespace>',
      "a namespace to watch; repeat for several (default: the pod's, else the context's)",
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('-A, --all-namespaces', 'watch every namespace')
    .option('--leader-elect', 'reconcile only while holding the Lease (run several replicas)')
    .option('--lease-namespace <namespace>', "namespace of the Lease (default: the pod's, else the first watched)")
    .option('--lease-name <name>', 'name of the Lease', RUNNER_DEFAULTS.leaseName)
    .option('--lease-duration <seconds>', `lease duration in seconds (default ${RUNNER_DEFAULTS.leaseDurationSeconds})`)
    .option('--health-port <port>', '/healthz and /readyz', String(RUNNER_DEFAULTS.healthPort))
    .option('--metrics-port <port>', 'Prometheus /metrics', String(RUNNER_DEFAULTS.metricsPort))
    .option('--workers <n>', 'clusters reconciled in parallel', String(RUNNER_DEFAULTS.workers))
    .option('--resync-period <seconds>', 'full resync period', String(RUNNER_DEFAULTS.resyncSeconds))
    .option(
      '--kube-api-qps <qps>',
      'client-side limit of API requests per second (0: none; the Lease has its own)',
      String(RUNNER_DEFAULTS.kubeApiQps),
    )
    .option(
      '--kube-api-burst <n>',
      'API requests allowed at once above --kube-api-qps',
      String(RUNNER_DEFAULTS.kubeApiBurst),
    )
    .option(
      '--min-watch-timeout <seconds>',
      'shortest server-side watch timeout (each watch: random, up to twice this); a watch silent past its timeout plus 10% is re-established',
      String(RUNNER_DEFAULTS.minWatchTimeoutSeconds),
    )
    .option(
      '--watch-unready-after <seconds>',
      '/readyz fails once a watch has not worked for this long',
      String(RUNNER_DEFAULTS.watchUnreadyAfterSeconds),
    )
    .option(
      '--ingress',
      'watch and apply the Ingresses of ingressOrRouteSpec method ingress (install --ingress grants them)',
    )
    .option('--istio', 'watch and apply the Istio Gateways and VirtualServices of method istio (install --istio)')
    .option(
      '--openshift-route',
      'watch and apply the OpenShift Routes of method openShiftRoute (install --openshift-route)',
    )
    .option(
      '--istio-gateway-selector <labels>',
      'labels (key=value,...) of the Istio ingress gateway pods the Gateways of method istio configure (default: istio=ingress)',
    )
    .option('--log-level <level>', 'debug, info, warn, error')
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)')
    .action(async (options: RunCommandOptions) => {
      // Loaded here, not at the top: the runner's dependencies are optional (see runner-dependencies.ts).
      code = await withRunnerDependencies(
        'run',
        async () => (await import('./run-command.js')).runCommand(options),
        (text) => io.err(text),
      );
    });

  program
    .command('ensure-password')
    .description(
      'Add a generated admin password to a credentials Secret that has none (what the password generator Job runs). Never changes a password.',
    )
    .requiredOption('--secret <name>', 'the credentials Secret')
    .option('-n, --namespace <namespace>', "its namespace (default: the pod's, else the context's)")
    .option('--wait <seconds>', 'how long to wait for the Secret to appear and be readable', '120')
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)')
    .action(async (options: Omit<EnsurePasswordOptions, 'waitSeconds'> & { wait: string }) => {
      const { wait, ...rest } = options;
      code = await withRunnerDependencies(
        'ensure-password',
        async () =>
          (await import('./ensure-password-command.js')).ensurePasswordCommand({ ...rest, waitSeconds: wait }, io),
        (text) => io.err(text),
      );
    });

  program
    .command('orphans')
    .description(
      'List the ServiceAccounts the runner added to the redis-enterprise-node-reader ClusterRoleBinding (rack awareness) for RECs that are gone with their StatefulSets; --delete removes them.',
    )
    .option('--delete', 'remove them (each only if its entry still names the ServiceAccount listed)')
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)')
    .action(async (options: OrphansOptions) => {
      code = await withRunnerDependencies(
        'orphans',
        async () => (await import('./orphans-command.js')).orphansCommand(options, io),
        (text) => io.err(text),
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      io.err(error.message);
      return 2;
    }
    io.err(`rec-cdk8s: ${(error as Error).message}`);
    return 2;
  }
}
