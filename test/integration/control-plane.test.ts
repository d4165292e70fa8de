// The test control plane behaves like a real cluster where our library
// depends on it: fake nodes in three zones, the scheduler honouring hard
// anti-affinity, kwok running pods, the provisioner binding and expanding
// claims, the garbage collector, and service-account tokens.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PatchStrategy, setHeaderOptions, type V1Pod, type V1StatefulSet } from '@kubernetes/client-node';
import { quantityValue } from '../../lib/api/quantity.js';
import {
  FAKE_NODE_SELECTOR,
  PROVISIONER_NAME,
  STORAGE_CLASS,
  ZONES,
  ZONE_LABEL,
  apiClients,
  isNotFound,
  isTestControlPlane,
  kubectl,
  waitFor,
  withNamespace,
} from '../support/cluster.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const isReady = (conds?: { type: string; status: string }[]): boolean =>
  conds?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

function statefulSet(name: string, replicas: number): V1StatefulSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            podAntiAffinity: {
              // HARD: at most one pod per node, as a Redis Enterprise cluster requires.
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
          containers: [
            {
              name: 'redis',
              image: 'redislabs/redis:7.4.2-54',
              resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
              volumeMounts: [{ name: 'data', mountPath: '/var/opt/redislabs/persist' }],
            },
          ],
        },
      },
      // No storageClassName: the DefaultStorageClass admission plugin must pick `standard`.
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}

const podSummary = (p: V1Pod) => ({
  name: p.metadata?.name,
  node: p.spec?.nodeName,
  phase: p.status?.phase,
  ready: isReady(p.status?.conditions),
  scheduled: p.status?.conditions?.find((c) => c.type === 'PodScheduled'),
});

// These tests are about our control plane; on another cluster (REC_TEST_KUBECONFIG) they skip.
const ours = await isTestControlPlane();

describe('test control plane', { skip: ours ? false : 'not the control plane from `control-plane up`' }, () => {
  let c: ReturnType<typeof apiClients>;
  before(() => {
    c = apiClients();
  });

  it('has Ready kwok nodes with zone labels across three zones', async () => {
    const nodes = (await c.core.listNode({ labelSelector: FAKE_NODE_SELECTOR })).items;
    assert.ok(nodes.length >= 7, `need >= 7 fake nodes for a 7-node cluster, found ${nodes.length}`);
    for (const n of nodes) {
      assert.ok(isReady(n.status?.conditions), `node ${n.metadata?.name} is not Ready`);
      assert.ok(
        ZONES.includes(n.metadata?.labels?.[ZONE_LABEL] as (typeof ZONES)[number]),
        `node ${n.metadata?.name} zone`,
      );
      assert.ok(quantityValue(n.status?.allocatable?.pods ?? 0) >= 100, `node ${n.metadata?.name} allocatable pods`);
    }
    assert.deepEqual(new Set(nodes.map((n) => n.metadata?.labels?.[ZONE_LABEL])), new Set(ZONES));
    assert.match(kubectl(['get', 'nodes', '-l', FAKE_NODE_SELECTOR, '-o', 'name']), /node\/kwok-node-0/);
  });

  it('runs a 7-replica StatefulSet with hard anti-affinity on distinct nodes, claims Bound, then GCs its pods', async (t) => {
    const namespace = await withNamespace(t, 'sts');
    await c.apps.createNamespacedStatefulSet({ namespace, body: statefulSet('redis', 7) });

    const pods = await waitFor(
      async () => (await c.core.listNamespacedPod({ namespace, labelSelector: 'app=redis' })).items,
      {
        description: '7 redis pods Running and Ready',
        timeoutMs: 120_000,
        until: (ps) =>
          ps.length === 7 && ps.every((p) => p.status?.phase === 'Running' && isReady(p.status?.conditions)),
      },
    ).catch((err: Error) => assert.fail(err.message));
    const nodes = pods.map((p) => p.spec?.nodeName);
    assert.equal(new Set(nodes).size, 7, `pods share nodes: ${nodes.join(', ')}`);
    assert.ok(
      nodes.every((n) => n?.startsWith('kwok-node-')),
      `pods on unexpected nodes: ${nodes.join(', ')}`,
    );
    assert.ok(
      pods.every((p) => p.status?.podIP),
      'kwok assigns pod IPs',
    );

    const claims = (await c.core.listNamespacedPersistentVolumeClaim({ namespace })).items;
    assert.equal(claims.length, 7);
    for (const pvc of claims) {
      assert.equal(pvc.status?.phase, 'Bound', `claim ${pvc.metadata?.name}`);
      assert.equal(pvc.spec?.storageClassName, STORAGE_CLASS, 'default StorageClass applied');
      const pv = await c.core.readPersistentVolume({ name: pvc.spec.volumeName! });
      assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'], PROVISIONER_NAME);
      assert.equal(pv.spec?.claimRef?.uid, pvc.metadata?.uid);
    }

    // One replica more than there are nodes: the scheduler must refuse it.
    const nodeCount = (await c.core.listNode({ labelSelector: FAKE_NODE_SELECTOR })).items.length;
    await c.apps.patchNamespacedStatefulSet(
      { name: 'redis', namespace, body: { spec: { replicas: nodeCount + 1 } } },
      mergePatch,
    );
    const pending = await waitFor(
      async () =>
        (await c.core.listNamespacedPod({ namespace, labelSelector: 'app=redis' })).items.filter(
          (p) => !p.spec?.nodeName,
        ),
      {
        description: 'one pod left Unschedulable by anti-affinity',
        timeoutMs: 60_000,
        until: (ps) => ps.length === 1 && ps[0]!.status?.conditions?.some((c) => c.reason === 'Unschedulable') === true,
      },
    );
    assert.equal(pending.length, 1, JSON.stringify(pending.map(podSummary)));

    // The StatefulSet owns its pods: deleting it lets the garbage collector remove them.
    await c.apps.deleteNamespacedStatefulSet({ name: 'redis', namespace, propagationPolicy: 'Background' });
    await waitFor(
      async () => (await c.core.listNamespacedPod({ namespace, labelSelector: 'app=redis' })).items.map(podSummary),
      {
        description: 'pods of the deleted StatefulSet garbage-collected',
        timeoutMs: 60_000,
        until: (ps) => ps.length === 0,
      },
    );
  });

  it('expands a bound claim through the provisioner', async (t) => {
    const namespace = await withNamespace(t, 'expand');
    await c.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: STORAGE_CLASS,
          resources: { requests: { storage: '1Gi' } },
        },
      },
    });
    const bound = await waitFor(() => c.core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace }), {
      description: 'claim data Bound',
      timeoutMs: 60_000,
      until: (pvc) => pvc.status?.phase === 'Bound',
    });
    assert.equal(quantityValue(bound.status?.capacity?.storage ?? 0), 2 ** 30);

    await c.core.patchNamespacedPersistentVolumeClaim(
      { name: 'data', namespace, body: { spec: { resources: { requests: { storage: '3Gi' } } } } },
      mergePatch,
    );
    const grown = await waitFor(() => c.core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace }), {
      description: 'claim data status.capacity 3Gi',
      timeoutMs: 60_000,
      until: (pvc) => quantityValue(pvc.status?.capacity?.storage ?? 0) >= 3 * 2 ** 30,
    });
    assert.equal(grown.status?.capacity?.storage, '3Gi');
    const pv = await c.core.readPersistentVolume({ name: grown.spec!.volumeName! });
    assert.equal(pv.spec?.capacity?.storage, '3Gi');
  });

  it('garbage-collects a dependent ConfigMap when its owner is deleted', async (t) => {
    const namespace = await withNamespace(t, 'gc');
    const owner = await c.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'owner' }, data: { a: '1' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: 'dependent',
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! }],
        },
      },
    });
    // A control: an unowned ConfigMap must survive.
    await c.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'bystander' } } });
    await c.core.deleteNamespacedConfigMap({ name: 'owner', namespace });
    await waitFor(
      async () => {
        try {
          await c.core.readNamespacedConfigMap({ name: 'dependent', namespace });
          return 'dependent still exists';
        } catch (err) {
          if (isNotFound(err)) return 'gone';
          throw err;
        }
      },
      { description: 'dependent ConfigMap garbage-collected', timeoutMs: 60_000, until: (v) => v === 'gone' },
    );
    assert.ok(await c.core.readNamespacedConfigMap({ name: 'bystander', namespace }));
  });

  it('issues and verifies service-account tokens (TokenRequest, TokenReview)', async (t) => {
    const namespace = await withNamespace(t, 'token');
    const tr = await c.core.createNamespacedServiceAccountToken({
      name: 'default',
      namespace,
      body: { spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 600 } },
    });
    assert.ok(tr.status?.token, 'token issued');
    const { AuthenticationV1Api } = await import('@kubernetes/client-node');
    const review = await c.kc
      .makeApiClient(AuthenticationV1Api)
      .createTokenReview({ body: { spec: { token: tr.status.token } } });
    assert.equal(review.status?.authenticated, true, JSON.stringify(review.status));
    assert.equal(review.status?.user?.username, `system:serviceaccount:${namespace}:default`);
  });
});
