/**
 * On a real control plane: everything `render` produces passes a server-side dry run; a rendered
 * cluster's node pods are scheduled on kwok nodes (hard anti-affinity: one per node), become
 * Running and Ready with their claims Bound; deleting the REC that owns the objects lets the
 * garbage collector remove them, while the claims stay.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from 'cdk8s';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { renderClusterManifest } from '../../lib/render/cluster-manifest.js';
import { ProductionRedisChart } from '../../examples/production-cluster.js';
import { TeamRedisChart } from '../../examples/platform-chart.js';
import { RunnerManagedChart } from '../../examples/runner-managed.js';
import { fixtures } from '../fixtures/load.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { ensureIngressCrds } from './helpers/ingress-crds.js';
import { recsIn } from './helpers/recs-in-namespace.js';

let cluster: Cluster;
let namespace: string;
const FIELD_MANAGER = 'rec-cdk8s-tests';

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  // The valid fixtures include ingressOrRouteSpec methods istio and openShiftRoute.
  await ensureIngressCrds(cluster.client);
  namespace = await createNamespace(cluster.client, 'rec-workloads');
});
after(async () => {
  await deleteNamespace(cluster.client, namespace);
  cluster.client.close();
});

/** Namespaced objects move to the test namespace; cluster-scoped ones get a unique name. */
function relocate(object: KubeObject): KubeObject {
  const type = resourceFor(object.apiVersion, object.kind);
  if (!type.namespaced)
    return { ...object, metadata: { ...object.metadata, name: `${object.metadata.name}-${namespace}` } };
  return { ...object, metadata: { ...object.metadata, namespace } };
}

async function dryRun(objects: KubeObject[]): Promise<void> {
  for (const object of objects) {
    if (object.kind === 'Namespace') continue;
    try {
      await cluster.client.apply(relocate(object), { fieldManager: FIELD_MANAGER, dryRun: true });
    } catch (error) {
      assert.fail(`${object.kind}/${object.metadata.name} failed a server-side dry run: ${(error as Error).message}`);
    }
  }
}

// valid/ and official-spirit/ (our RECs in the spirit of the official examples) alike.
for (const fixture of [...fixtures('valid'), ...fixtures('official-spirit')]) {
  test(`server-side dry run of everything render produces: ${fixture.file.split('/').slice(-2).join('/')}`, async () => {
    // Rendered into the test namespace: rack awareness needs one (the node reader's binding names it).
    await dryRun(renderClusterManifest(fixture.documents[0], { namespace }).objects);
  });
}

test('server-side dry run of the example charts', async () => {
  const app = new App();
  const charts = [
    new ProductionRedisChart(app, 'production'),
    new TeamRedisChart(app, 'team', { team: 'payments' }),
    new RunnerManagedChart(app, 'managed'),
  ];
  for (const chart of charts) await dryRun(chart.toJson() as KubeObject[]);
});

test('a rendered cluster runs on kwok nodes, then is garbage-collected with its REC; claims stay', async () => {
  const rec = await cluster.client.apply<KubeObject>(
    {
      apiVersion: 'app.redislabs.com/v1',
      kind: 'RedisEnterpriseCluster',
      metadata: { name: 'gc', namespace },
      spec: { nodes: 3 },
    },
    { fieldManager: FIELD_MANAGER },
  );
  const owner = {
    apiVersion: rec.apiVersion,
    kind: rec.kind,
    name: rec.metadata.name,
    uid: rec.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
  const objects = renderClusterManifest(rec).objects;
  for (const object of objects) {
    await cluster.client.apply(
      { ...relocate(object), metadata: { ...relocate(object).metadata, ownerReferences: [owner] } },
      { fieldManager: FIELD_MANAGER },
    );
  }

  const pods = await waitFor(
    '3 node pods Running and Ready',
    async () => {
      const { items } = await cluster.client.list(RESOURCE.pod, {
        namespace,
        labelSelector: 'redis.io/cluster=gc,redis.io/role=node',
      });
      const ready = items.filter((p) => {
        const status = p.status as { phase?: string; conditions?: { type: string; status: string }[] };
        return status?.phase === 'Running' && status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      });
      return ready.length === 3 ? items : undefined;
    },
    120_000,
  );
  const nodes = new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName));
  assert.equal(nodes.size, 3, 'hard anti-affinity: one node pod per kwok node');

  const claims = await waitFor('3 claims Bound', async () => {
    const { items } = await cluster.client.list(RESOURCE.persistentVolumeClaim, {
      namespace,
      labelSelector: 'redis.io/cluster=gc',
    });
    return items.length === 3 && items.every((c) => (c.status as { phase?: string })?.phase === 'Bound')
      ? items
      : undefined;
  });
  assert.deepEqual(claims.map((c) => c.metadata.name).sort(), [
    'redis-enterprise-storage-gc-0',
    'redis-enterprise-storage-gc-1',
    'redis-enterprise-storage-gc-2',
  ]);

  await cluster.client.delete(RESOURCE.redisEnterpriseCluster, namespace, 'gc');
  await waitFor(
    'the garbage collector to delete the owned objects',
    () =>
      recsIn(cluster.client, namespace).gone([
        [RESOURCE.statefulSet, 'gc'],
        [RESOURCE.service, 'gc-ui'],
        [RESOURCE.deployment, 'gc-services-rigger'],
        [RESOURCE.secret, 'gc'],
        [RESOURCE.role, 'gc'],
      ]),
    90_000,
  );
  const { items: left } = await cluster.client.list(RESOURCE.persistentVolumeClaim, {
    namespace,
    labelSelector: 'redis.io/cluster=gc',
  });
  assert.equal(left.length, 3, 'claims survive the cluster');
});
