/**
 * Synthesized output on its own, as Argo CD, Flux or `kubectl apply` would apply it, with no
 * runner: it must end with a usable credentials Secret whose password was made inside the cluster
 * and survives every re-sync. The simulated nodes of this control plane run no containers, so the
 * generator Job's command is run here as the Job would run it: the Job's own command, with a token
 * of the Job's own ServiceAccount (so its RBAC is what is tested).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { toYamlDocuments } from '../../lib/cli/commands.js';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { connect, createNamespace, deleteNamespace, kubectl, type Cluster } from './helpers/rec-cluster.js';
import { runnerKubeconfig } from './helpers/runner-process.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
type Any = KubeObject & { spec?: any; data?: Record<string, string> };

let cluster: Cluster;
let ns: string;

before(async () => {
  cluster = connect();
  ns = await createNamespace(cluster.client, 'rec-gitops');
});

after(async () => {
  await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

/** `cdk8s synth` of a chart with one cluster, written where a GitOps repo would keep it. */
function synthesize(name: string): string {
  const app = new App();
  const chart = new Chart(app, 'redis', { namespace: ns });
  new RedisEnterpriseCluster(chart, name, { spec: { nodes: 3 } });
  const file = join(mkdtempSync(join(tmpdir(), 'rec-gitops-')), `${name}.k8s.yaml`);
  writeFileSync(file, toYamlDocuments(chart.toJson()));
  return file;
}

/** What the Job's pod runs, read from the applied Job, authenticated as the Job's ServiceAccount. */
async function runGeneratorJob(job: string): Promise<{ code: number; out: string }> {
  const live = await cluster.client.get<Any>(RESOURCE.job, ns, job);
  assert.ok(live, `Job ${job} was applied`);
  const pod = live.spec.template.spec;
  const command: string[] = pod.containers[0].command;
  const args = command.slice(command.indexOf('build/lib/cli/entry.js') + 1);
  const kubeconfig = await runnerKubeconfig(cluster.kubeConfig, ns, pod.serviceAccountName);
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(root, 'lib/cli/entry.ts'), ...args, '--kubeconfig', kubeconfig, '--wait', '5'],
      { cwd: root },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

const password = async (name: string) => (await cluster.client.get<Any>(RESOURCE.secret, ns, name))?.data?.password;

test('synthesized YAML applied with no runner ends with a password made in the cluster, kept through re-syncs and re-runs', async () => {
  const file = synthesize('cache');
  const committed = parseAllDocuments(readFileSync(file, 'utf8')).map(
    (d) => d.toJS() as Any & { stringData?: Record<string, string> },
  );
  for (const secret of committed.filter((o) => o.kind === 'Secret')) {
    assert.deepEqual(
      Object.keys({ ...secret.data, ...secret.stringData }),
      ['username'],
      'no password in what is committed',
    );
  }
  kubectl(['apply', '-f', file]);
  assert.equal(await password('cache'), undefined, 'applied: no password yet');

  const first = await runGeneratorJob('cache-password');
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /Secret .*\/cache: generated the admin password/);
  const made = await password('cache');
  assert.ok(made && Buffer.from(made, 'base64').length >= 24, 'a strong password');
  assert.ok(!first.out.includes(Buffer.from(made, 'base64').toString()), 'its value is never printed');

  // Re-syncs, as a GitOps tool does them: client-side apply, then server-side apply as another manager.
  kubectl(['apply', '-f', file]);
  kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager', 'argocd-controller', '-f', file]);
  assert.equal(await password('cache'), made, 'kept through re-syncs');
  const again = await runGeneratorJob('cache-password');
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /has a password already; left as it is/);
  assert.equal(await password('cache'), made, 'kept through a re-run');
});

test("the generator's account reaches that one Secret only", async () => {
  const account = (await cluster.client.get<Any>(RESOURCE.job, ns, 'cache-password'))!.spec.template.spec
    .serviceAccountName as string;
  const kubeconfig = await runnerKubeconfig(cluster.kubeConfig, ns, account);
  // `auth can-i` answers on stdout, and exits 1 for "no".
  const can = (...args: string[]) =>
    spawnSync(kubectl.binary(), ['--kubeconfig', kubeconfig, 'auth', 'can-i', '-n', ns, ...args], {
      encoding: 'utf8',
    }).stdout.trim();
  assert.equal(can('get', 'secret/cache'), 'yes');
  assert.equal(can('patch', 'secret/cache'), 'yes');
  for (const denied of [
    ['get', 'secret/other'],
    ['list', 'secrets'],
    ['delete', 'secret/cache'],
    ['update', 'secret/cache'],
    ['create', 'secrets'],
  ]) {
    assert.equal(can(...denied), 'no', denied.join(' '));
  }
});

test('generator Jobs racing on a new Secret leave exactly one password', async () => {
  const file = synthesize('race');
  kubectl(['apply', '-f', file]);
  const outcomes = await Promise.all(Array.from({ length: 4 }, () => runGeneratorJob('race-password')));
  for (const outcome of outcomes) assert.equal(outcome.code, 0, outcome.out);
  assert.equal(
    outcomes.filter((o) => /generated the admin password/.test(o.out)).length,
    1,
    outcomes.map((o) => o.out).join(''),
  );
  const live = await cluster.client.get<Any>(RESOURCE.secret, ns, 'race');
  const writers = ((live?.metadata as any).managedFields as { manager: string; fieldsV1: unknown }[]).filter((m) =>
    JSON.stringify(m.fieldsV1).includes('f:password'),
  );
  assert.deepEqual(
    writers.map((m) => m.manager),
    ['rec-cdk8s-credentials'],
    'one writer owns the password',
  );
});

test('the generator Job passes Pod Security "restricted"', async () => {
  const restricted = await createNamespace(cluster.client, 'rec-restricted');
  try {
    await cluster.client.patch(
      RESOURCE.namespace,
      undefined,
      restricted,
      { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
      { patchType: 'merge' },
    );
    const template = (await cluster.client.get<Any>(RESOURCE.job, ns, 'cache-password'))!.spec.template;
    await cluster.client.create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: template.spec.serviceAccountName, namespace: restricted },
    });
    await cluster.client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'generator', namespace: restricted, labels: template.metadata.labels },
        spec: template.spec,
      },
      { dryRun: true },
    );
  } finally {
    await deleteNamespace(cluster.client, restricted);
  }
});
