import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { MAX_RETRY_AFTER_SECONDS, TokenBucket, retryAfterSeconds } from '../../lib/kube/rate-limiter.js';
import { OverallRateLimiter } from '../../lib/controller/work-queue.js';

/** A clock whose sleeps advance it, recording each. */
function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(Math.round(ms));
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

test('token bucket: a burst at once, then one request per 1/qps; tokens come back while idle', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(10, 3, clock);
  for (let i = 0; i < 3; i++) await bucket.take();
  assert.deepEqual(clock.slept, [], 'the burst is free');
  await bucket.take();
  await bucket.take();
  assert.deepEqual(clock.slept, [100, 100], 'then 10 a second');
  clock.advance(10_000);
  clock.slept.length = 0;
  for (let i = 0; i < 3; i++) await bucket.take();
  assert.deepEqual(clock.slept, [], 'refilled up to the burst, no more');
});

test('token bucket: waiters reserve in order, so ten at once are spread, not all released together', async () => {
  const clock = {
    now: () => 0,
    slept: [] as number[],
    sleep: async function (ms: number) {
      this.slept.push(Math.round(ms));
    },
  };
  const bucket = new TokenBucket(5, 1, clock);
  await Promise.all(Array.from({ length: 4 }, () => bucket.take()));
  assert.deepEqual(clock.slept, [200, 400, 600]);
  assert.deepEqual(await new TokenBucket(0, 0).take(), undefined, 'qps 0: no limit');
});

test('Retry-After: honoured on 429 and on 5xx that carry it, capped; not on other answers', () => {
  assert.equal(retryAfterSeconds(429, '2'), 2);
  assert.equal(retryAfterSeconds(503, '1'), 1);
  assert.equal(retryAfterSeconds(503, undefined), undefined, 'a 5xx without the header is not repeated');
  assert.equal(retryAfterSeconds(409, '1'), undefined);
  assert.equal(retryAfterSeconds(429, 'Wed, 21 Oct 2015 07:28:00 GMT'), undefined, 'only seconds, as client-go');
  assert.equal(retryAfterSeconds(429, '3600'), MAX_RETRY_AFTER_SECONDS);
});

test('KubeClient: a 429 with Retry-After is sent again after the wait and succeeds; every attempt is observed', async () => {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls += 1;
    if (calls === 1) {
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', reason: 'TooManyRequests', message: 'too many requests', code: 429 }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const client = KubeClient.fromKubeConfig(kc);
  const codes: number[] = [];
  client.observe((e) => codes.push(e.code));
  try {
    const started = Date.now();
    const got = await client.get(RESOURCE.configMap, 'ns', 'x');
    assert.equal(got?.metadata.name, 'x');
    assert.ok(Date.now() - started >= 950, 'waited the second the server asked for');
    assert.deepEqual(codes, [429, 200]);
  } finally {
    client.close();
    server.close();
  }
});

test('work queue overall limiter: 100 retries at once, then 10 a second, whatever the number of keys', () => {
  const limiter = new OverallRateLimiter(10, 100, () => 0);
  const delays = Array.from({ length: 150 }, () => limiter.when());
  assert.equal(delays.filter((d) => d === 0).length, 100);
  assert.equal(Math.round(delays[100]!), 100);
  assert.equal(Math.round(delays[149]!), 5000);
});
