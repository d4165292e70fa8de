/**
 * Outside access through the runner, on the real control plane: the Ingress, Istio Gateway and
 * VirtualService, OpenShift Route of `ingressOrRouteSpec` (and `activeActive`), the per-node
 * LoadBalancer Services of `ossClusterSettings`, the IP family of the Services and the UI Service
 * of `cmServer` are applied with an owner reference to their REC, restored when changed or
 * deleted by hand, and pruned when the field goes. Istio's and OpenShift's kinds come from
 * stand-in CRDs (test/fixtures/crds/). A runner whose install does not enable a method applies
 * nothing for a REC asking for it and names the flag. Each scenario owns its REC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor, type ResourceType } from '../../lib/kube/resources.js';
import { ensureIngressCrds } from './helpers/ingress-crds.js';
import { runnerNamespaceForFile, withRunnerNamespace } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import { settledWrites, writesOf, type RunnerProcess } from './helpers/runner-process.js';
import {
  USED_IN_OTHER_FILES,
  assertInstallMinimal,
  grantedPermissions,
  usedPermissions,
} from './helpers/permission-use.js';
import { recsIn } from './helpers/recs-in-namespace.js';

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
type Any = KubeObject & { spec?: any; status?: any };

const ENABLED = { ingress: true, istio: true, openShiftRoute: true } as const;

runnerNamespaceForFile('rec-outside', {
  install: ENABLED,
  runnerArgs: [
    '--resync-period',
    '5',
    '--ingress',
    '--istio',
    '--openshift-route',
    // Istio's default profile labels its gateway so, where the runner's default is istio=ingress.
    '--istio-gateway-selector',
    'istio=ingressgateway',
  ],
  made: (made) => ({ cluster, ns } = made),
  prepare: () => ensureIngressCrds(cluster.client),
  started: (started) => (runner = started),
});

const recManifest = (name: string, spec: Record<string, unknown>, namespace = ns) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name, namespace },
  spec,
});
const getRec = (name: string, namespace = ns) =>
  cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, namespace, name);
const get = (type: ResourceType, name: string, namespace = ns) => cluster.client.get<Any>(type, namespace, name);
const patchSpec = (name: string, spec: Record<string, unknown>) => recsIn(cluster.client, ns).patchSpec(name, spec);

/** The object, once the runner has applied it, owned by the REC (controller reference to its uid). */
async function owned(type: ResourceType, name: string, rec: string): Promise<Any> {
  const uid = (await waitFor(`REC ${rec}`, () => getRec(rec))).metadata.uid;
  const object = await waitFor(`${type.kind} ${name}`, () => get(type, name), 30_000);
  assert.deepEqual(
    object.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]),
    [['RedisEnterpriseCluster', rec, uid, true]],
    `${type.kind} ${name} is owned by REC ${rec}`,
  );
  assert.equal(object.metadata.labels?.['app.kubernetes.io/managed-by'], 'rec-cdk8s');
  return object;
}

const gone = (type: ResourceType, name: string) =>
  waitFor(`${type.kind} ${name} pruned`, async () => !(await get(type, name)), 30_000);

const api = (rec: string) => ({ apiFqdnUrl: `api-${rec}.example.com`, dbFqdnSuffix: `-db-${rec}.example.com` });

test('ingress: the Ingress is applied owned by its REC, restored after a hand edit and a deletion, pruned with the field', async () => {
  await cluster.client.apply(
    recManifest('ing', {
      ingressOrRouteSpec: {
        method: 'ingress',
        ...api('ing'),
        ingressAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
      },
    }),
    { fieldManager: FM },
  );
  const ingress = await owned(RESOURCE.ingress, 'ing', 'ing');
  assert.equal(ingress.spec.rules[0].host, 'api-ing.example.com');
  assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend.service, { name: 'ing', port: { number: 9443 } });
  assert.equal(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/ssl-passthrough'], 'true');

  // A hand edit of a field the spec decides is undone.
  await cluster.client.patch(
    RESOURCE.ingress,
    ns,
    'ing',
    { spec: { rules: [{ host: 'elsewhere.example.com' }] } },
    { patchType: 'merge' },
  );
  await waitFor(
    'the host restored',
    async () => (await get(RESOURCE.ingress, 'ing'))?.spec.rules[0].host === 'api-ing.example.com',
    30_000,
  );
  // A deletion too.
  await cluster.client.delete(RESOURCE.ingress, ns, 'ing');
  await recsIn(cluster.client, ns).recreated(RESOURCE.ingress, 'ing', ingress.metadata.uid, 30_000);
  assert.ok((await runner.metric('rec_drift_corrections_total', { kind: 'Ingress' })) >= 2, 'told as drift');

  await patchSpec('ing', { ingressOrRouteSpec: null });
  await gone(RESOURCE.ingress, 'ing');
  assert.equal((await getRec('ing'))?.status?.state === 'Error', false, 'no error on the way');
});

test('istio: Gateway and VirtualService owned by their REC; method openShiftRoute replaces them with a Route; pruned with the field', async () => {
  await cluster.client.apply(recManifest('mesh', { ingressOrRouteSpec: { method: 'istio', ...api('mesh') } }), {
    fieldManager: FM,
  });
  const gateway = await owned(RESOURCE.istioGateway, 'mesh', 'mesh');
  assert.deepEqual(gateway.spec.servers[0].hosts, ['api-mesh.example.com', '*-db-mesh.example.com']);
  assert.deepEqual(gateway.spec.servers[0].tls, { mode: 'PASSTHROUGH' });
  assert.deepEqual(gateway.spec.selector, { istio: 'ingressgateway' }, "the runner's --istio-gateway-selector");
  const virtualService = await owned(RESOURCE.istioVirtualService, 'mesh', 'mesh');
  assert.deepEqual(virtualService.spec.tls[0].route[0].destination, { host: 'mesh', port: { number: 9443 } });

  await cluster.client.delete(RESOURCE.istioVirtualService, ns, 'mesh');
  await recsIn(cluster.client, ns).recreated(RESOURCE.istioVirtualService, 'mesh', virtualService.metadata.uid, 30_000);

  await patchSpec('mesh', { ingressOrRouteSpec: { method: 'openShiftRoute' } });
  const route = await owned(RESOURCE.openShiftRoute, 'mesh', 'mesh');
  assert.deepEqual(route.spec, {
    host: 'api-mesh.example.com',
    to: { kind: 'Service', name: 'mesh' },
    port: { targetPort: 9443 },
    tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' },
  });
  await gone(RESOURCE.istioGateway, 'mesh');
  await gone(RESOURCE.istioVirtualService, 'mesh');

  await patchSpec('mesh', { ingressOrRouteSpec: null });
  await gone(RESOURCE.openShiftRoute, 'mesh');
});

test('activeActive, the older field: its Route is applied owned by the REC and pruned with the field', async () => {
  await cluster.client.apply(
    recManifest('older', {
      activeActive: { method: 'openShiftRoute', apiIngressUrl: 'api-older.example.com', dbIngressSuffix: '.older' },
    }),
    { fieldManager: FM },
  );
  const route = await owned(RESOURCE.openShiftRoute, 'older', 'older');
  assert.equal(route.spec.host, 'api-older.example.com');
  await patchSpec('older', { activeActive: null });
  await gone(RESOURCE.openShiftRoute, 'older');
});

test('ossClusterSettings LoadBalancer: a Service per node pod, each selecting its pod; more with more nodes; pruned with the setting', async () => {
  await cluster.client.apply(
    recManifest('oss', {
      nodes: 3,
      services: { servicesAnnotations: { 'example.com/team': 'payments' } },
      ossClusterSettings: {
        externalAccessType: 'LoadBalancer',
        loadBalancer: { serviceAnnotations: { 'example.com/lb': 'nlb' } },
        podCIDRs: ['10.244.0.0/16'],
      },
    }),
    { fieldManager: FM },
  );
  for (const n of [0, 1, 2]) {
    const lb = await owned(RESOURCE.service, `oss-${n}-lb`, 'oss');
    assert.equal(lb.spec.type, 'LoadBalancer');
    assert.equal(lb.spec.externalTrafficPolicy, 'Local', 'Local: podCIDRs are set');
    assert.deepEqual(lb.spec.selector, { 'redis.io/cluster': 'oss', 'statefulset.kubernetes.io/pod-name': `oss-${n}` });
    assert.deepEqual(
      [lb.metadata.annotations?.['example.com/team'], lb.metadata.annotations?.['example.com/lb']],
      ['payments', 'nlb'],
    );
  }
  // The selector picks exactly its node pod: the endpoints of oss-1-lb are pod oss-1 alone.
  const endpoints = await waitFor(
    'endpoints of oss-1-lb',
    async () => {
      const { items } = await cluster.client.list<Any>(resourceFor('v1', 'Pod'), {
        namespace: ns,
        labelSelector: 'statefulset.kubernetes.io/pod-name=oss-1',
      });
      const slices = await cluster.client.list<Any>(
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true },
        { namespace: ns, labelSelector: 'kubernetes.io/service-name=oss-1-lb' },
      );
      const targets = slices.items.flatMap((s) => ((s as any).endpoints ?? []).map((e: any) => e.targetRef?.name));
      return items.length === 1 && targets.length > 0 ? targets : undefined;
    },
    90_000,
  );
  assert.deepEqual(endpoints, ['oss-1']);

  await patchSpec('oss', { nodes: 5 });
  await owned(RESOURCE.service, 'oss-3-lb', 'oss');
  await owned(RESOURCE.service, 'oss-4-lb', 'oss');

  await patchSpec('oss', { ossClusterSettings: { externalAccessType: 'Disabled' } });
  for (const n of [0, 1, 2, 3, 4]) await gone(RESOURCE.service, `oss-${n}-lb`);
  assert.ok(await get(RESOURCE.service, 'oss'), 'the API Service stays');
});

test('redisEnterpriseIPFamily on every Service; cmServer disabled prunes the UI Service, enabled brings it back', async () => {
  await cluster.client.apply(recManifest('fam', { redisEnterpriseIPFamily: 'IPv4' }), { fieldManager: FM });
  for (const name of ['fam', 'fam-ui', 'fam-prom', 'fam-headless']) {
    const service = await owned(RESOURCE.service, name, 'fam');
    assert.deepEqual([service.spec.ipFamilyPolicy, service.spec.ipFamilies], ['SingleStack', ['IPv4']], name);
  }
  await patchSpec('fam', { redisEnterpriseServicesConfiguration: { cmServer: { operatingMode: 'disabled' } } });
  await gone(RESOURCE.service, 'fam-ui');
  await patchSpec('fam', { redisEnterpriseServicesConfiguration: { cmServer: { operatingMode: 'enabled' } } });
  await owned(RESOURCE.service, 'fam-ui', 'fam');
});

test('a REC with every kind of outside access settles: an idle resync makes no write and records no event', async () => {
  await cluster.client.apply(
    recManifest('idle', {
      redisEnterpriseIPFamily: 'IPv4',
      ingressOrRouteSpec: { method: 'istio', ...api('idle'), ingressAnnotations: { 'example.com/a': 'b' } },
      ossClusterSettings: { externalAccessType: 'LoadBalancer' },
    }),
    { fieldManager: FM },
  );
  await owned(RESOURCE.istioVirtualService, 'idle', 'idle');
  await owned(RESOURCE.service, 'idle-2-lb', 'idle');
  const writes = () => writesOf(runner);
  const events = () => recsIn(cluster.client, ns).eventCount('idle');
  // Settled: no write for two resync periods (5 s, jittered); the REC's pods may still be starting.
  const before = await settledWrites(runner, 11_000, 90_000);
  const reconciles = await runner.metric('controller_runtime_reconcile_total');
  const eventsBefore = await events();
  const drift = await runner.metric('rec_drift_corrections_total');
  await new Promise((r) => setTimeout(r, 11_000));
  assert.ok((await runner.metric('controller_runtime_reconcile_total')) >= reconciles + 2, 'two resyncs reconciled');
  assert.equal((await writes()) - before, 0, 'no write while idle');
  assert.equal((await events()) - eventsBefore, 0, 'no event while idle');
  assert.equal((await runner.metric('rec_drift_corrections_total')) - drift, 0, 'no drift corrected');
});

test('a runner whose install does not enable the method: the REC names the flag, and nothing is applied for it', async () => {
  await withRunnerNamespace(cluster, 'rec-outside-plain', ['--resync-period', '5'], async (other, plain) => {
    await cluster.client.apply(
      recManifest('mesh', { ingressOrRouteSpec: { method: 'istio', ...api('mesh') } }, other),
      { fieldManager: FM },
    );
    const blocked = await recsIn(cluster.client, other).reconciledBecause('mesh', 'IngressMethodNotEnabled', 30_000);
    assert.equal(blocked.status.state, 'Error');
    const message = blocked.status.conditions.find((c: any) => c.type === 'Reconciled').message;
    assert.match(message, /^spec\.ingressOrRouteSpec\.method istio needs Gateway .*`rec-cdk8s install --istio`/);
    const { items: events } = await cluster.client.list<Any>(resourceFor('v1', 'Event'), {
      namespace: other,
      fieldSelector: 'involvedObject.name=mesh,reason=IngressMethodNotEnabled',
    });
    assert.equal(events.length, 1, 'one Warning event says it');
    // Nothing half-way: not one object of the REC, not its Secret.
    for (const type of [RESOURCE.statefulSet, RESOURCE.service, RESOURCE.serviceAccount, RESOURCE.role]) {
      const { items } = await cluster.client.list(type, { namespace: other, labelSelector: 'redis.io/cluster=mesh' });
      assert.deepEqual(
        items.map((o) => o.metadata.name),
        [],
        `no ${type.kind}`,
      );
    }
    assert.equal(await get(RESOURCE.secret, 'mesh', other), undefined, 'no credentials Secret');
    // It never asked for a kind it may not touch.
    const used = await usedPermissions(plain.metrics);
    assert.deepEqual(
      [...used].filter((p) => /^(gateways|virtualservices|ingresses|routes) /.test(p)),
      [],
    );

    // Without the method, the same REC is reconciled.
    await recsIn(cluster.client, other).patchSpec('mesh', { ingressOrRouteSpec: null });
    await waitFor('its StatefulSet', () => get(RESOURCE.statefulSet, 'mesh', other), 30_000);
  });
});

/**
 * Granted (a namespaced install with every ingress method) and not asked for by this file's
 * scenarios, each with what needs it. The test fails when the runner uses something not granted,
 * and when a grant is neither used here nor in this list.
 */
const USED_ELSEWHERE: Record<string, string> = {
  ...USED_IN_OTHER_FILES,
  'events patch': 'a repeated event patches its count (runner-events.test.ts)',
};

test('the install is minimal: every grant of the ingress methods is used here, and nothing used is not granted', async () => {
  await assertInstallMinimal(
    runner.metrics,
    grantedPermissions({ allNamespaces: false, ingressMethods: ['ingress', 'istio', 'openShiftRoute'] }),
    USED_ELSEWHERE,
  );
});
