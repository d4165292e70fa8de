// Watch liveness without a real API server: a server that accepts a watch and then says nothing
// (what a frozen API server or a silently cut connection looks like to the client) is abandoned
// after the idle deadline; bytes push the deadline back; an informer whose watch cannot be
// re-established reports itself unhealthy, and healthy again once it is. The real thing (SIGSTOP
// of kube-apiserver, a partition) is test/integration/runner-watch-liveness.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, WatchStalledError, type KubeObject, type WatchEvent } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { Informer, type ListWatchClient } from '../../lib/controller/index.js';
import { watchIdleDeadlineMs } from '../../lib/controller/informer.js';

async function serve(handler: http.RequestListener): Promise<{ client: KubeClient; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const client = KubeClient.fromKubeConfig(kc);
  return {
    client,
    close: async () => {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const bookmark = (rv: string) =>
  `${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: rv } } })}\n`;

test('a watch that carries no byte past its idle deadline is abandoned with WatchStalledError', async () => {
  const { client, close } = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders(); // then silence, the connection left open
  });
  try {
    const established: number[] = [];
    const started = performance.now();
    await assert.rejects(
      client.watch(
        RESOURCE.configMap,
        { namespace: 'ns', resourceVersion: '1', idleTimeoutMs: 300 },
        () => {},
        new AbortController().signal,
        () => established.push(1),
      ),
      WatchStalledError,
    );
    assert.equal(established.length, 1, 'the server accepted the watch');
    assert.ok(performance.now() - started >= 290, 'not before the deadline');
  } finally {
    await close();
  }
});

test('every byte pushes the idle deadline back: a watch that keeps sending bookmarks lives on', async () => {
  const { client, close } = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let n = 0;
    const timer = setInterval(() => {
      n++;
      // Half a bookmark, then the other half: bytes, not only whole events, count.
      const line = bookmark(String(n));
      res.write(line.slice(0, 10));
      setTimeout(() => res.write(line.slice(10)), 50);
      if (n === 8) {
        clearInterval(timer);
        setTimeout(() => res.end(), 60);
      }
    }, 120);
  });
  try {
    const seen: string[] = [];
    // 8 bookmarks 120 ms apart = ~1 s, far past the 200 ms deadline, ended by the server.
    await client.watch(
      RESOURCE.configMap,
      { namespace: 'ns', resourceVersion: '0', idleTimeoutMs: 200 },
      (e: WatchEvent<KubeObject>) => seen.push(e.object.metadata.resourceVersion!),
      new AbortController().signal,
    );
    assert.deepEqual(seen, ['1', '2', '3', '4', '5', '6', '7', '8']);
  } finally {
    await close();
  }
});

test('the idle deadline is the server timeout plus 10% (at least 5 s): never before the server would end the watch', () => {
  assert.equal(watchIdleDeadlineMs(300), 330_000);
  assert.equal(watchIdleDeadlineMs(600), 660_000);
  assert.equal(watchIdleDeadlineMs(10), 15_000);
});

test('an informer whose watch cannot be re-established is unhealthy after unhealthyAfterMs, and healthy once it is back', async () => {
  let failing = false;
  const source = {
    list: async () => ({ items: [], resourceVersion: '1' }),
    watch: async (
      _t: unknown,
      _o: unknown,
      _e: unknown,
      signal: AbortSignal,
      onEstablished?: () => void,
    ): Promise<void> => {
      if (failing) throw new Error('connection refused');
      onEstablished?.();
      // Open until the test breaks it (or stops the informer).
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (signal.aborted) {
            clearInterval(check);
            resolve();
          } else if (failing) {
            clearInterval(check);
            reject(new Error('connection reset'));
          }
        }, 5);
      });
    },
  } as unknown as ListWatchClient;
  const informer = new Informer<KubeObject>(source, {
    resource: RESOURCE.configMap,
    namespaces: ['ns'],
    unhealthyAfterMs: 200,
    backoff: { initialMs: 20, maxMs: 40 },
  });
  assert.match(String(informer.watchHealth()), /no list/, 'not healthy before the first list');
  const stop = new AbortController();
  await informer.start(stop.signal);
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await until(() => informer.watchHealth() === true, 'healthy once watching');
    failing = true;
    // Still healthy right after the break (a broken watch gets unhealthyAfterMs to come back) ...
    assert.equal(informer.watchHealth(), true);
    // ... then not, while every attempt fails.
    await until(() => informer.watchHealth() !== true, 'unhealthy while the watch cannot be re-established');
    assert.match(String(informer.watchHealth()), /the watch of configmaps in ns has not worked for/);
    failing = false;
    await until(() => informer.watchHealth() === true, 'healthy again once re-established');
  } finally {
    stop.abort();
    await informer.stopped();
  }
});
