// The probe/metrics server on a random port, the request counter, and the logger's redaction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logLines } from './helpers/log-lines.js';
import { Counter } from 'prom-client';
import {
  createLogger,
  createRegistry,
  HealthServer,
  RequestCounter,
  workQueueMetrics,
  WorkQueue,
} from '../../lib/controller/index.js';

describe('HealthServer', () => {
  it('answers /healthz, /readyz (503 with the reason until ready) and /metrics on a random port', async (t) => {
    const registry = createRegistry();
    new Counter({ name: 'test_things_total', help: 'things', registers: [registry] }).inc(3);
    let synced = false;
    const server = await HealthServer.start({
      port: 0,
      host: '127.0.0.1',
      registry,
      ready: () => synced || 'caches not synced: redisenterpriseclusters',
    });
    t.after(() => server.close());
    const port = server.address();
    assert.ok(port > 0);
    const base = `http://127.0.0.1:${port}`;

    const healthz = await fetch(`${base}/healthz`);
    assert.equal(healthz.status, 200);
    assert.equal(await healthz.text(), 'ok\n');

    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(await notReady.text(), /caches not synced: redisenterpriseclusters/);
    synced = true;
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    await ready.text();

    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await metrics.text();
    assert.match(body, /^test_things_total 3$/m);
    assert.match(body, /^process_cpu_user_seconds_total /m, 'default process metrics are included');

    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    await missing.text();
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    assert.equal(post.status, 405);
    await post.text();
  });

  it('reports a failed liveness check, and a throwing check as not ready', async (t) => {
    const server = await HealthServer.start({
      port: 0,
      host: '127.0.0.1',
      alive: () => 'reconcile loop stopped',
      ready: () => {
        throw new Error('boom');
      },
    });
    t.after(() => server.close());
    const base = `http://127.0.0.1:${server.address()}`;
    const healthz = await fetch(`${base}/healthz`);
    assert.equal(healthz.status, 503);
    assert.match(await healthz.text(), /reconcile loop stopped/);
    const readyz = await fetch(`${base}/readyz`);
    assert.equal(readyz.status, 503);
    assert.match(await readyz.text(), /check failed: boom/);
    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 404, 'no registry, no /metrics');
    await metrics.text();
  });

  it('close() stops listening even with a keep-alive connection open', async () => {
    const server = await HealthServer.start({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${server.address()}`;
    const response = await fetch(`${base}/healthz`, { headers: { connection: 'keep-alive' } });
    await response.text();
    await server.close();
    await assert.rejects(fetch(`${base}/healthz`));
  });
});

describe('RequestCounter', () => {
  it('counts requests by verb and resource; writes() sums the mutating verbs', () => {
    const counter = new RequestCounter();
    const seen = (verb: Parameters<typeof counter.count>[0], resource = 'configmaps'): void =>
      counter.observer({ verb, resource });
    seen('GET');
    seen('LIST');
    seen('WATCH');
    seen('APPLY');
    seen('APPLY', 'secrets');
    seen('CREATE');
    seen('UPDATE');
    seen('PATCH');
    seen('DELETE');
    assert.equal(counter.count('APPLY'), 2);
    assert.equal(counter.count('APPLY', 'secrets'), 1);
    assert.equal(counter.writes(), 6);
    assert.equal(counter.writes('secrets'), 1);
    assert.equal(counter.total(), 9);
    counter.reset();
    assert.equal(counter.total(), 0);
    assert.equal(counter.writes(), 0);
  });
});

describe('workQueueMetrics', () => {
  it('exports the workqueue_* series with the queue name', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const q = new WorkQueue<string>({ metrics: workQueueMetrics(registry, 'rec') });
    q.add('a');
    q.add('b');
    q.addRateLimited('c');
    const key = await q.get();
    q.done(key!);
    q.shutDown();
    const text = await registry.metrics();
    assert.match(text, /^workqueue_adds_total\{name="rec"\} 2$/m);
    assert.match(text, /^workqueue_depth\{name="rec"\} 1$/m);
    assert.match(text, /^workqueue_retries_total\{name="rec"\} 1$/m);
    assert.match(text, /^workqueue_queue_duration_seconds_count\{name="rec"\} 1$/m);
    assert.match(text, /^workqueue_work_duration_seconds_count\{name="rec"\} 1$/m);
  });
});

describe('createLogger', () => {
  it('writes JSON lines and never a secret value, wherever the field sits', () => {
    const out = logLines();
    const log = createLogger({ level: 'info', name: 'runner', destination: out.stream });
    log.info(
      {
        password: 'hunter2',
        obj: { kind: 'Secret', data: { password: 'c2VjcmV0' }, stringData: { x: 'plain' } },
        spec: { license: 'LICENSE-KEY', nested: { deeper: { token: 'tok-123' } } },
        items: [{ token: 'tok-456' }],
        keep: 'visible',
      },
      'reconciled',
    );
    const text = JSON.stringify(out.lines());
    for (const secret of ['hunter2', 'c2VjcmV0', 'plain', 'LICENSE-KEY', 'tok-123', 'tok-456']) {
      assert.ok(!text.includes(secret), `${secret} must not be logged: ${text}`);
    }
    const [line] = out.lines();
    assert.equal(line?.keep, 'visible');
    assert.equal(line?.msg, 'reconciled');
    assert.equal(line?.level, 'info');
    assert.equal(line?.name, 'runner');
    assert.equal(line?.password, '[REDACTED]');
  });

  it('takes its level from LOG_LEVEL unless given one', () => {
    const saved = process.env.LOG_LEVEL;
    try {
      process.env.LOG_LEVEL = 'warn';
      const out = logLines();
      const log = createLogger({ destination: out.stream });
      assert.equal(log.level, 'warn');
      log.info('hidden');
      log.warn('shown');
      assert.deepEqual(
        out.lines().map((l) => l.msg),
        ['shown'],
      );
      assert.equal(createLogger({ level: 'debug', destination: logLines().stream }).level, 'debug');
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });
});
