/**
 * Pod Security `restricted` on the real API server: in a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted`, the pods of every example, every valid
 * fixture and the default REC are admitted (a server-side dry-run create of a Pod made from each
 * pod template, as the StatefulSet, Deployment and Job controllers would make it); what the
 * warnings name is refused, which shows the namespace does enforce; and a default REC applied
 * there gets its node pods from the real StatefulSet controller.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KubeApiError, type KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor, type ResourceType } from '../../lib/kube/resources.js';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render/cluster-manifest.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { installRunnerIdentity, runnerKubeconfig, startRunner } from './helpers/runner-process.js';
import { podTemplates, renderedCases, warnedWorkload } from '../support/pod-security-cases.js';

let cluster: Cluster;
let ns: string;
const FM = 'rec-cdk8s-tests';
const PRIORITY_CLASS = RESOURCE.priorityClass;
const priorityClasses = new Set<string>();

before(async () => {
  cluster = connect();
  ns = await createNamespace(cluster.client, 'rec-psa');
  await cluster.client.patch(
    RESOURCE.namespace,
    undefined,
    ns,
    {
      metadata: {
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      },
    },
    { patchType: 'merge' },
  );
});

after(async () => {
  for (const name of priorityClasses) await cluster.client.delete(PRIORITY_CLASS, undefined, name).catch(() => {});
  await deleteNamespace(cluster.client, ns);
  cluster.client.close();
});

/** What a Pod admission needs to exist besides the pod: its ServiceAccount and PriorityClass. */
async function prerequisites(objects: readonly KubernetesObject[]): Promise<void> {
  for (const { template } of podTemplates(objects)) {
    const spec = template.spec as { serviceAccountName?: string; priorityClassName?: string };
    if (spec.serviceAccountName)
      await cluster.client.apply(
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: spec.serviceAccountName, namespace: ns } },
        { fieldManager: FM },
      );
    if (spec.priorityClassName && !priorityClasses.has(spec.priorityClassName)) {
      await cluster.client.apply(
        {
          apiVersion: 'scheduling.k8s.io/v1',
          kind: 'PriorityClass',
          metadata: { name: spec.priorityClassName },
          value: 1000,
        },
        { fieldManager: FM },
      );
      priorityClasses.add(spec.priorityClassName);
    }
  }
}

/** A Pod as a workload controller makes it; a StatefulSet's claim templates become claim volumes. */
function podFrom(
  workload: KubernetesObject,
  template: { metadata?: Record<string, unknown>; spec: Record<string, unknown> },
): KubeObject {
  const claims = (
    (workload as { spec?: { volumeClaimTemplates?: { metadata: { name: string } }[] } }).spec?.volumeClaimTemplates ??
    []
  ).map((c) => ({
    name: c.metadata.name,
    persistentVolumeClaim: { claimName: `${c.metadata.name}-${workload.metadata.name}-0` },
  }));
  const volumes = [...((template.spec.volumes as unknown[]) ?? []), ...claims];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${workload.metadata.name}-0`.toLowerCase(),
      namespace: ns,
      labels: (template.metadata?.labels ?? {}) as Record<string, string>,
    },
    spec: { ...template.spec, ...(volumes.length > 0 ? { volumes } : {}) },
  };
}

/** Dry-run create every pod of `objects`; the refusals, by workload. */
async function admit(objects: readonly KubernetesObject[]): Promise<Map<string, string>> {
  await prerequisites(objects);
  const refused = new Map<string, string>();
  for (const { workload, template } of podTemplates(objects)) {
    const owner = objects.find((o) => `${o.kind}/${o.metadata.name}` === workload)!;
    try {
      await cluster.client.create(podFrom(owner, template), { dryRun: true });
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      refused.set(workload, `${error.code}: ${error.message}`);
    }
  }
  return refused;
}

test('every example, fixture and the default REC: each pod is admitted under restricted, or refused only where a warning said so', async () => {
  let admitted = 0;
  for (const c of renderedCases()) {
    const refused = await admit(c.objects);
    const workloads = podTemplates(c.objects).length;
    admitted += workloads - refused.size;
    if (c.podSecurityWarnings.length === 0) {
      assert.deepEqual(Object.fromEntries(refused), {}, `${c.name}: every pod admitted`);
    } else {
      // The warnings are about the node pods (and, for the host's timezone, the services rigger);
      // those, and only those, are refused for it.
      assert.ok(
        [...refused.keys()].some((w) => w.startsWith('StatefulSet/')),
        `${c.name}: warned about, and refused (${c.podSecurityWarnings.join(', ')})`,
      );
      assert.deepEqual(
        [...refused.keys()].filter((w) => !warnedWorkload(c, w)),
        [],
        `${c.name}: only the pods warned about refused`,
      );
      for (const message of refused.values()) assert.match(message, /violates PodSecurity "restricted:latest"/, c.name);
    }
  }
  assert.ok(admitted >= 20, `pods admitted: ${admitted}`);
});

test('the namespace does enforce: allowAutoAdjustment (SYS_RESOURCE), which is warned about, is refused', async () => {
  const { objects, warnings } = renderClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'tuned' },
    spec: { securityContext: { resourceLimits: { allowAutoAdjustment: true } } },
  });
  assert.ok(warnings.some((w) => w.path === 'spec.securityContext.resourceLimits.allowAutoAdjustment'));
  const refused = await admit(objects);
  assert.deepEqual([...refused.keys()], ['StatefulSet/tuned']);
  assert.match(
    refused.get('StatefulSet/tuned')!,
    /violates PodSecurity "restricted:latest": unrestricted capabilities .*SYS_RESOURCE/,
  );
});

test('a default REC applied in the restricted namespace gets its node pods from the StatefulSet controller', async () => {
  const { objects } = renderClusterManifest(
    {
      apiVersion: 'app.redislabs.com/v1',
      kind: 'RedisEnterpriseCluster',
      metadata: { name: 'strict', namespace: ns },
      spec: {},
    },
    { passwordGenerator: false },
  );
  for (const object of objects) {
    if (!resourceFor(object.apiVersion, object.kind).namespaced) continue;
    await cluster.client.apply(object, { fieldManager: FM });
  }
  // OrderedReady: the third pod exists only once the first two were admitted and became Ready.
  const readyReplicas = async (type: ResourceType, name: string) =>
    (await cluster.client.get<KubeObject & { status?: { readyReplicas?: number } }>(type, ns, name))?.status
      ?.readyReplicas;
  await waitFor(
    'three node pods Ready',
    async () => (await readyReplicas(RESOURCE.statefulSet, 'strict')) === 3,
    90_000,
  );
  await waitFor(
    'the services rigger pod Ready',
    async () => (await readyReplicas(RESOURCE.deployment, 'strict-services-rigger')) === 1,
    60_000,
  );
});

test('the runner says so in status: PodSecurityRestricted False names allowAutoAdjustment, whose pods the namespace refuses', async () => {
  await ensureCrd(cluster.client);
  await installRunnerIdentity(cluster.client, ns);
  const runner = await startRunner(await runnerKubeconfig(cluster.kubeConfig, ns), ['--namespace', ns]);
  try {
    await cluster.client.apply(
      {
        apiVersion: 'app.redislabs.com/v1',
        kind: 'RedisEnterpriseCluster',
        metadata: { name: 'tuned', namespace: ns },
        spec: { securityContext: { resourceLimits: { allowAutoAdjustment: true } } },
      },
      { fieldManager: FM },
    );
    const condition = await waitFor(
      'the PodSecurityRestricted condition',
      async () => {
        const rec = await cluster.client.get<
          KubeObject & { status?: { conditions?: { type: string; status: string; message: string }[] } }
        >(RESOURCE.redisEnterpriseCluster, ns, 'tuned');
        return rec?.status?.conditions?.find((c) => c.type === 'PodSecurityRestricted');
      },
      30_000,
    );
    assert.equal(condition.status, 'False');
    assert.match(
      condition.message,
      /spec\.securityContext\.resourceLimits\.allowAutoAdjustment: fails Pod Security restricted .*SYS_RESOURCE/,
    );
    // What the condition warns of: the StatefulSet controller is refused its pods.
    await waitFor(
      'a FailedCreate event on the StatefulSet',
      async () => {
        const { items } = await cluster.client.list<KubeObject & { reason?: string; message?: string }>(
          resourceFor('v1', 'Event'),
          { namespace: ns, fieldSelector: 'involvedObject.kind=StatefulSet,involvedObject.name=tuned' },
        );
        return items.some(
          (e) => e.reason === 'FailedCreate' && /violates PodSecurity "restricted:latest"/.test(e.message ?? ''),
        );
      },
      30_000,
    );
  } finally {
    await runner.kill();
  }
});
