/**
 * The setting of the runner test files: the test cluster with our CRD, a namespace of the file's
 * own with the install's runner identity in it, runners started there as that identity, and the
 * teardown that leaves nothing behind, not even the cluster-scoped part of a cluster-wide install
 * (it would outlive the namespace, and the next file's install would find it already there).
 */
import { after, before } from 'node:test';
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { resourceFor } from '../../../lib/kube/resources.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, type Cluster } from './rec-cluster.js';
import { installRunnerIdentity, runnerKubeconfig, startRunner, type RunnerProcess } from './runner-process.js';

export interface RunnerNamespace {
  readonly cluster: Cluster;
  readonly ns: string;
  /** What the install applied, cluster-scoped objects included. */
  readonly installed: KubeObject[];
}

export interface RunnerNamespaceOptions {
  /**
   * The cluster-wide install (a ClusterRole, and the node-reader binding rack awareness needs)
   * instead of the namespaced one; it still watches only this namespace's runner.
   * @default false
   */
  readonly allNamespaces?: boolean;
  /**
   * The ingress methods the install enables (each grants the runner that kind).
   * @default none
   */
  readonly install?: Parameters<typeof installRunnerIdentity>[3];
}

/** In `cluster`: a namespace `<prefix>-<random>` with the runner's identity installed in it. */
export async function makeRunnerNamespace(
  cluster: Cluster,
  prefix: string,
  options: RunnerNamespaceOptions = {},
): Promise<{ ns: string; installed: KubeObject[] }> {
  const ns = await createNamespace(cluster.client, prefix);
  const installed = await installRunnerIdentity(
    cluster.client,
    ns,
    options.allNamespaces ? 'all' : [ns],
    options.install ?? {},
  );
  return { ns, installed };
}

/** Connect to the test cluster, install our CRD, and make a runner namespace (makeRunnerNamespace). */
export async function setUpRunnerNamespace(
  prefix: string,
  options: RunnerNamespaceOptions = {},
): Promise<RunnerNamespace> {
  const cluster = connect();
  await ensureCrd(cluster.client);
  return { cluster, ...(await makeRunnerNamespace(cluster, prefix, options)) };
}

/** Start `rec-cdk8s run --namespace <ns> <args>` as the install's ServiceAccount of `ns`. */
export async function startRunnerIn(cluster: Cluster, ns: string, args: string[] = []): Promise<RunnerProcess> {
  return startRunner(await runnerKubeconfig(cluster.kubeConfig, ns), ['--namespace', ns, ...args]);
}

/**
 * `scenario` with a runner of its own (`--namespace <ns> <runnerArgs>`), in a namespace of its own
 * with the namespaced install; both are removed when it ends, pass or fail.
 */
export async function withRunnerNamespace<T>(
  cluster: Cluster,
  prefix: string,
  runnerArgs: readonly string[],
  scenario: (ns: string, runner: RunnerProcess) => Promise<T>,
): Promise<T> {
  const { ns } = await makeRunnerNamespace(cluster, prefix);
  let runner: RunnerProcess | undefined;
  try {
    runner = await startRunnerIn(cluster, ns, [...runnerArgs]);
    return await scenario(ns, runner);
  } finally {
    await runner?.kill();
    await deleteNamespace(cluster.client, ns);
  }
}

/**
 * Delete the cluster-scoped objects of installs (each once: several installs share the
 * node-reader binding), but never our CRD, which every test file shares.
 */
export async function removeClusterScoped(client: KubeClient, installed: readonly KubeObject[]): Promise<void> {
  const done = new Set<string>();
  for (const object of installed) {
    const type = resourceFor(object.apiVersion, object.kind);
    const key = `${object.kind}/${object.metadata.name}`;
    if (type.namespaced || object.kind === 'CustomResourceDefinition' || done.has(key)) continue;
    done.add(key);
    await client.delete(type, undefined, object.metadata.name);
  }
}

/**
 * Kill `runners` (those that never started are passed as undefined), remove the install's
 * cluster-scoped objects, delete the namespace and close the client.
 */
export async function tearDownRunnerNamespace(
  setting: RunnerNamespace,
  runners: readonly (RunnerProcess | undefined)[] = [],
): Promise<void> {
  await Promise.all(runners.map(async (runner) => runner?.kill().catch(() => {})));
  await removeClusterScoped(setting.cluster.client, setting.installed);
  await deleteNamespace(setting.cluster.client, setting.ns);
  setting.cluster.client.close();
}

export interface RunnerNamespaceForFileOptions extends RunnerNamespaceOptions {
  /** The runner's arguments besides `--namespace <ns>`. */
  readonly runnerArgs: readonly string[];
  /** Called as soon as the namespace is made, with it (the file keeps what it uses). */
  readonly made: (made: RunnerNamespace) => void;
  /**
   * Runs after `made`, before the runner starts: what its first list must already see.
   * @default nothing
   */
  readonly prepare?: () => Promise<unknown>;
  /**
   * Called with the runner once it has started, and awaited: what the file sets up only once the
   * runner runs goes here. (Not in a before() hook of the file's own: node:test runs the
   * top-level before() hooks of a file at once, not one after the other.)
   */
  readonly started: (runner: RunnerProcess) => unknown;
  /**
   * Runs at the end, once the runner is stopped and before the namespace goes: removes what the
   * file made outside the namespace (cluster-scoped objects). Here rather than in an after() hook
   * of the file's own, which would run after this one had closed the client.
   * @default nothing
   */
  readonly cleanUp?: () => Promise<unknown>;
}

/**
 * The usual setting of a runner test file, as node:test hooks of the file: before() sets up the
 * runner namespace (setUpRunnerNamespace), runs `prepare` and starts a runner there; after()
 * stops the runner, runs `cleanUp` and tears the rest down, also when before() failed half-way.
 */
export function runnerNamespaceForFile(prefix: string, options: RunnerNamespaceForFileOptions): void {
  let setting: RunnerNamespace | undefined;
  let runner: RunnerProcess | undefined;
  before(async () => {
    setting = await setUpRunnerNamespace(prefix, options);
    options.made(setting);
    await options.prepare?.();
    runner = await startRunnerIn(setting.cluster, setting.ns, [...options.runnerArgs]);
    await options.started(runner);
  });
  after(async () => {
    if (!setting) return;
    await runner?.kill().catch(() => {});
    await options.cleanUp?.();
    await tearDownRunnerNamespace(setting, [runner]);
  });
}
