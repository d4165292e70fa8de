// The pieces together on a real API server: an informer feeding a controller (owned objects mapped
// to their owner's key), server-side apply from a reconcile that reads the cache, drift correction,
// an idle resync that makes no request at all, and the probe/metrics server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../lib/kube/client.js';
import { resourceFor } from '../../lib/kube/resources.js';
import {
  Controller,
  createRegistry,
  HealthServer,
  Informer,
  observeClient,
  RequestCounter,
  requestFor,
} from '../../lib/controller/index.js';
import { testClient, uniqueName, waitFor, withNamespace } from '../support/cluster.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const CONFIG_MAP = resourceFor('v1', 'ConfigMap');
const FIELD_MANAGER = 'ctl-e2e-test';

describe('Controller + Informer (real API server)', () => {
  it('keeps a copy of each source ConfigMap, corrects drift, and an idle resync makes no request', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'ctl-e2e');
    const tag = uniqueName('e2e');
    const selector = `ctl-e2e=${tag}`;

    const registry = createRegistry();
    observeClient(client, registry);
    const requests = new RequestCounter(client);

    const informer = new Informer<ConfigMap>(client, {
      resource: CONFIG_MAP,
      namespaces: [ns],
      labelSelector: selector,
    });
    let reconciles = 0;
    const controller = new Controller({
      name: 'copier',
      registry,
      workers: 2,
      resyncMs: 200,
      resyncRequests: () =>
        informer
          .list()
          .filter((o) => o.metadata.labels?.role === 'source')
          .map(requestFor),
      // Level-triggered: read source and copy from the cache, write only when they differ.
      reconcile: async ({ namespace, name }) => {
        reconciles++;
        const source = informer.get(namespace, name);
        if (!source?.metadata.uid) return; // gone: garbage collection removes the copy
        const copyName = `${name}-copy`;
        const current = informer.get(namespace, copyName);
        if (current && isDeepStrictEqual(current.data ?? {}, source.data ?? {})) return;
        await client.apply(
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: copyName,
              namespace,
              labels: { 'ctl-e2e': tag, role: 'copy' },
              ownerReferences: [
                { apiVersion: 'v1', kind: 'ConfigMap', name, uid: source.metadata.uid, controller: true },
              ],
            },
            data: source.data ?? {},
          },
          { fieldManager: FIELD_MANAGER },
        );
      },
    });
    // A copy's change is its source's business.
    controller.watch(informer, (obj) => {
      const owner = obj.metadata.ownerReferences?.find((o) => o.controller);
      return requestFor(owner ? { metadata: { ...obj.metadata, name: owner.name } } : obj);
    });

    const server = await HealthServer.start({
      port: 0,
      host: '127.0.0.1',
      registry,
      ready: () => informer.hasSynced() || 'informer caches not synced',
    });
    t.after(() => server.close());
    const base = `http://127.0.0.1:${server.address()}`;
    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(await notReady.text(), /not synced/);

    const stop = new AbortController();
    t.after(async () => {
      await controller.stop();
      stop.abort();
      await informer.stopped();
    });
    await client.create(cmOf(ns, 'one', tag, { greeting: 'hello' }));
    await informer.start(stop.signal);
    controller.start();
    assert.equal((await fetch(`${base}/readyz`)).status, 200);

    // The copy appears, follows the source, and comes back after someone deletes it.
    const copyData = (name: string): Record<string, string> | undefined => informer.get(ns, `${name}-copy`)?.data;
    await waitFor(() => copyData('one'), {
      description: 'one-copy created',
      until: (d) => d?.greeting === 'hello',
      timeoutMs: 20_000,
    });
    await client.patch(CONFIG_MAP, ns, 'one', { data: { greeting: 'bonjour' } }, { patchType: 'merge' });
    await waitFor(() => copyData('one'), {
      description: 'one-copy updated',
      until: (d) => d?.greeting === 'bonjour',
      timeoutMs: 20_000,
    });
    await client.patch(CONFIG_MAP, ns, 'one-copy', { data: { greeting: 'drifted' } }, { patchType: 'merge' });
    await waitFor(() => copyData('one'), {
      description: 'drift on one-copy corrected',
      until: (d) => d?.greeting === 'bonjour',
      timeoutMs: 20_000,
    });
    await client.delete(CONFIG_MAP, ns, 'one-copy');
    await waitFor(async () => (await client.get<ConfigMap>(CONFIG_MAP, ns, 'one-copy'))?.data, {
      description: 'one-copy recreated after its deletion',
      until: (d) => d?.greeting === 'bonjour',
      timeoutMs: 20_000,
    });
    await client.create(cmOf(ns, 'two', tag, { n: '2' }));
    await waitFor(() => copyData('two'), {
      description: 'two-copy created',
      until: (d) => d?.n === '2',
      timeoutMs: 20_000,
    });

    // Idle: the resyncs keep reconciling both sources, and none of it reaches the API server.
    await waitFor(() => controller.queue.length === 0 && informer.get(ns, 'one-copy') !== undefined, {
      description: 'quiet',
      timeoutMs: 10_000,
    });
    requests.reset();
    const before = reconciles;
    await waitFor(() => reconciles, {
      description: 'several resyncs',
      until: (n) => n >= before + 6,
      timeoutMs: 10_000,
    });
    assert.equal(requests.writes(), 0, `an idle resync writes nothing (saw ${JSON.stringify(requests.snapshot())})`);
    assert.equal(
      requests.total(),
      0,
      `an idle resync reads from the cache only (saw ${JSON.stringify(requests.snapshot())})`,
    );

    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /^rest_client_requests_total\{code="201",method="APPLY",resource="configmaps"\} [1-9]/m);
    assert.match(metrics, /^rest_client_requests_total\{code="200",method="LIST",resource="configmaps"\} 1$/m);
    assert.match(metrics, /^rest_client_request_duration_seconds_count\{method="WATCH",resource="configmaps"\} [1-9]/m);
    assert.match(metrics, /^controller_runtime_reconcile_total\{controller="copier",result="success"\} [1-9]/m);
    assert.match(metrics, /^controller_runtime_reconcile_errors_total\{controller="copier"\} 0$/m);
    assert.match(metrics, /^controller_runtime_max_concurrent_reconciles\{controller="copier"\} 2$/m);
    assert.match(metrics, /^workqueue_adds_total\{name="copier"\} [1-9]/m);
  });
});

function cmOf(namespace: string, name: string, tag: string, data: Record<string, string>): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { 'ctl-e2e': tag, role: 'source' } },
    data,
  };
}
