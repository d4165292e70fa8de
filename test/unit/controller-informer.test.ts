// Informer robustness that a real API server will not produce on demand: malformed watch events,
// a throwing handler, an unknown event type, a server that closes every watch at once. (The list
// and watch behaviour itself is tested against a real API server in
// test/integration/controller-informer.test.ts.) Also the Backoff bounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logLines } from './helpers/log-lines.js';
import type { KubeObject, WatchEvent } from '../../lib/kube/client.js';
import { resourceFor } from '../../lib/kube/resources.js';
import { Backoff, createLogger, Informer, type ListWatchClient } from '../../lib/controller/index.js';

const CONFIG_MAP = resourceFor('v1', 'ConfigMap');

const cm = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});

/** A list/watch source scripted by the test: each watch call plays the next script, then ends. */
function scripted(
  items: KubeObject[],
  watches: Array<Array<WatchEvent<KubeObject>>>,
): ListWatchClient & { watchCalls: string[] } {
  const watchCalls: string[] = [];
  const source = {
    watchCalls,
    list: async <T extends KubeObject>() => ({ items: items as T[], resourceVersion: '10' }),
    watch: async <T extends KubeObject>(
      _type: unknown,
      options: { resourceVersion: string },
      onEvent: (event: WatchEvent<T>) => void,
      signal: AbortSignal,
    ): Promise<void> => {
      watchCalls.push(options.resourceVersion);
      const script = watches.shift();
      if (!script) {
        // Nothing more to play: stay open until stopped, like an idle watch.
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return;
      }
      for (const event of script) onEvent(event as WatchEvent<T>);
    },
  };
  return source;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('Informer robustness', () => {
  it('skips malformed events, survives a throwing handler, and keeps the resourceVersion of events and bookmarks', async () => {
    const source = scripted(
      [cm('a', '5')],
      [
        [
          { type: 'ADDED', object: cm('b', '11') },
          { type: 'MODIFIED', object: { apiVersion: 'v1', kind: 'ConfigMap' } as unknown as KubeObject }, // no metadata
          { type: 'ADDED', object: null as unknown as KubeObject },
          { type: 'WHAT' as 'ADDED', object: cm('x', '12') },
          { type: 'MODIFIED', object: cm('a', '13') },
          { type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } as unknown as KubeObject },
        ],
        [{ type: 'DELETED', object: cm('b', '21') }],
      ],
    );
    const log = logLines();
    const informer = new Informer<KubeObject>(source, {
      resource: CONFIG_MAP,
      namespaces: ['ns'],
      logger: createLogger({ level: 'debug', destination: log.stream }),
      backoff: { initialMs: 1, maxMs: 2 },
    });
    const seen: string[] = [];
    informer.on(() => {
      throw new Error('a broken handler');
    });
    informer.on((type, obj) => seen.push(`${type} ${obj.metadata.name}@${obj.metadata.resourceVersion}`));
    const stop = new AbortController();
    await informer.start(stop.signal);
    await until(() => source.watchCalls.length >= 3, 'the third watch');
    stop.abort();
    await informer.stopped();

    assert.deepEqual(seen, ['ADDED a@5', 'ADDED b@11', 'MODIFIED a@13', 'DELETED b@21']);
    assert.deepEqual(
      informer.list().map((o) => o.metadata.name),
      ['a'],
    );
    // Watches resume from the list, then the bookmark, then the last event.
    assert.deepEqual(source.watchCalls.slice(0, 3), ['10', '20', '21']);
    const messages = log.lines().map((l) => String(l.msg));
    assert.ok(
      messages.some((m) => m.includes('malformed watch event')),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => m.includes('unknown watch event type')));
    assert.ok(messages.some((m) => m.includes('informer handler threw')));
  });

  it('treats a watch that closes at once without events as a failure and backs off', async () => {
    let watches = 0;
    const source = {
      list: async () => ({ items: [], resourceVersion: '1' }),
      watch: async () => {
        watches++;
      },
    } as unknown as ListWatchClient;
    const informer = new Informer<KubeObject>(source, {
      resource: CONFIG_MAP,
      namespaces: ['ns'],
      backoff: { initialMs: 200, maxMs: 200 },
    });
    const stop = new AbortController();
    await informer.start(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop.abort();
    await informer.stopped();
    // Without the backoff this loop would have spun thousands of times in 500 ms.
    assert.ok(watches >= 2 && watches <= 6, `${watches} watches in 500 ms with >= 100 ms between them`);
  });

  it('replays the cache as ADDED to a handler registered late', async () => {
    const source = scripted([cm('a', '1'), cm('b', '2')], []);
    const informer = new Informer<KubeObject>(source, { resource: CONFIG_MAP, namespaces: ['ns'] });
    const stop = new AbortController();
    await informer.start(stop.signal);
    const seen: string[] = [];
    const off = informer.on((type, obj) => seen.push(`${type} ${obj.metadata.name}`));
    assert.deepEqual(seen.sort(), ['ADDED a', 'ADDED b']);
    off();
    stop.abort();
    await informer.stopped();
  });
});

describe('Backoff', () => {
  it('doubles from the initial delay, jittered down by at most half, never above the cap; reset starts over', () => {
    const lowest = new Backoff(100, 1000, () => 0);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map(() => lowest.next()),
      [50, 100, 200, 400, 500, 500],
    );
    const highest = new Backoff(100, 1000, () => 0.999999);
    const delays = [1, 2, 3, 4, 5, 6].map(() => Math.round(highest.next()));
    assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
    highest.reset();
    assert.equal(Math.round(highest.next()), 100);
  });
});
