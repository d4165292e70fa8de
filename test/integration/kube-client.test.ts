// The REST client's connection handling on a real API server. client-node's credential step hands
// every request a brand-new agent (a TCP and TLS handshake each time); the client must keep its
// own connections instead, and long-lived watches must not take the pooled ones.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeClient, type KubeObject } from '../../lib/kube/client.js';
import { resourceFor } from '../../lib/kube/resources.js';
import { RequestCounter } from '../../lib/controller/index.js';
import { loadKubeConfig } from '../../lib/kube/kubeconfig.js';
import { testClient, testKubeconfigPath, withNamespace } from '../support/cluster.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const CONFIG_MAP = resourceFor('v1', 'ConfigMap');

describe('KubeClient connections (real API server)', () => {
  it('sends sequential requests over one kept-alive connection', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'kube-client-keepalive');
    const reused: boolean[] = [];
    client.observe((event) => reused.push(event.reusedConnection));
    const sent = new RequestCounter(client, { count: 'sent' });
    const answered = new RequestCounter(client);

    for (let i = 0; i < 10; i++) await client.get(CONFIG_MAP, ns, `absent-${i}`);
    await client.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: ns }, data: { a: '1' } },
      { fieldManager: 'kube-client-test' },
    );
    await client.list(CONFIG_MAP, { namespace: ns });

    assert.equal(reused.length, 12);
    assert.deepEqual(sent.snapshot(), answered.snapshot(), 'once all are answered, sent and answered counts agree');
    assert.equal(sent.count('GET'), 10);
    // The first may need a connection of its own (none is open yet); every later one reuses it.
    assert.deepEqual(reused.slice(1), Array(11).fill(true), `reused per request: ${reused.join(', ')}`);
  });

  it('keeps short requests flowing while more watches are open than the pool has sockets', async (t) => {
    const client = testClient(t);
    const ns = await withNamespace(t, 'kube-client-watches');
    const { resourceVersion } = await client.list(CONFIG_MAP, { namespace: ns });
    const stop = new AbortController();
    // 40 watches: more than the request pool's 32 sockets, so a shared pool would queue the GET below forever.
    const watches = Array.from({ length: 40 }, () =>
      client
        .watch<KubeObject>(CONFIG_MAP, { namespace: ns, resourceVersion, timeoutSeconds: 60 }, () => {}, stop.signal)
        .catch(() => {}),
    );
    t.after(async () => {
      stop.abort();
      await Promise.all(watches);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answer = await Promise.race([
      client.get(CONFIG_MAP, ns, 'absent').then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still queued after 10 s'), 10_000)),
    ]);
    assert.equal(answer, 'answered');
  });

  it('works with our own kubeconfig loader (client certificate), and verifies the server against its CA', async (t) => {
    const loaded = await loadKubeConfig({ file: testKubeconfigPath() });
    assert.equal(loaded.origin, testKubeconfigPath(), 'read by our loader, not client-node');
    const client = KubeClient.fromKubeConfig(loaded.source);
    t.after(() => client.close());
    const ns = await withNamespace(t, 'kube-client-loader');
    const made = await client.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'via-loader', namespace: ns }, data: { a: '1' } },
      { fieldManager: 'kube-client-test' },
    );
    assert.equal(made.metadata.namespace, ns);

    // The same file with another CA: the TLS handshake must fail (verification is on, the CA is ours).
    const config = parse(readFileSync(testKubeconfigPath(), 'utf8'));
    const other = Buffer.from(readFileSync(new URL('../fixtures/unrelated-ca.pem', import.meta.url))).toString(
      'base64',
    );
    for (const cluster of config.clusters) cluster.cluster['certificate-authority-data'] = other;
    const file = join(mkdtempSync(join(tmpdir(), 'rec-kc-')), 'config');
    writeFileSync(file, stringify(config), { mode: 0o600 });
    const wrong = KubeClient.fromKubeConfig((await loadKubeConfig({ file })).source);
    t.after(() => wrong.close());
    await assert.rejects(wrong.get(CONFIG_MAP, ns, 'via-loader'), /certificate|self-signed|issuer/i);
  });
});
