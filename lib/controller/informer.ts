/**
 * An informer (client-go's Reflector + Store + handlers, in one class): list, then watch from the
 * list's resourceVersion, keep a local cache, and tell handlers about every change.
 *
 * How it stays correct, whatever the connection does:
 * - One list+watch loop per namespace (or one cluster-wide for 'all'): a namespaced runner needs
 *   only namespaced RBAC.
 * - The watch resumes from the last resourceVersion seen (of an event or a BOOKMARK), so a watch the
 *   server ends normally (its timeout) or one that breaks is resumed without losing or repeating
 *   an event.
 * - 410 Gone (that version was compacted away, as a response or an ERROR event) means events were
 *   lost: relist at once, and turn the difference between the new list and the cache into
 *   ADDED/MODIFIED/DELETED, so handlers still see every change (a delete during the gap included).
 * - Any other failure (network, 5xx, 403 while RBAC propagates, a stream that ends at once):
 *   retry with exponential backoff and jitter, capped, so a sick API server is not hammered.
 * - A malformed event or a throwing handler is logged and skipped; it never ends the loop.
 * - A watch that goes silent is not trusted forever: the server ends every watch at its
 *   `timeoutSeconds` (random per watch, 5-10 min by default, as client-go's reflector), so a
 *   stream with no byte at all for longer than that plus a margin is dead (a frozen server, a
 *   connection cut without a FIN): it is abandoned and re-established (see `watchIdleDeadlineMs`).
 * - `watchHealth()` says whether every scope has a working watch, for readiness: a cache whose
 *   watch cannot be re-established is stale, and the replica should say so.
 */
import { sleep } from '../kube/rate-limiter.js';
import {
  type KubeClient,
  KubeApiError,
  type KubeObject,
  type WatchEvent,
  WatchStalledError,
  errorMessage,
} from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { type Logger, silentLogger } from './logger.js';

export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Called on every change: `old` is the cached object before a MODIFIED or DELETED. */
export type InformerHandler<T extends KubeObject> = (type: InformerEventType, obj: T, old?: T) => void;

/** The part of KubeClient an informer uses. */
export type ListWatchClient = Pick<KubeClient, 'list' | 'watch'>;

export interface InformerOptions<T extends KubeObject = KubeObject> {
  resource: ResourceType;
  /** Namespaces to watch, one list+watch each; 'all' for one cluster-wide list+watch. Cluster-scoped
   * resources are always watched cluster-wide. */
  namespaces: string[] | 'all';
  labelSelector?: string;
  fieldSelector?: string;
  /** @default silent */
  logger?: Logger;
  /** Retry delay after a failed list or watch: starts at `initialMs`, doubles, capped at `maxMs`,
   * each delay jittered down by up to half. @default { initialMs: 800, maxMs: 30000 } (client-go's) */
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * How long the server keeps one watch open before ending it normally. @default a random
   * `minWatchTimeoutSeconds` to twice that per watch (as client-go), so many watches do not all
   * reconnect at once.
   */
  watchTimeoutSeconds?: number;
  /** The shortest server-side watch timeout (client-go's reflector: 5 min). @default 300 */
  minWatchTimeoutSeconds?: number;
  /**
   * `watchHealth()` reports a scope unhealthy when it has had no working watch (nor a list) for
   * this long: a watch that broke and cannot be re-established. @default 30000
   */
  unhealthyAfterMs?: number;
  /**
   * Called on every object before it enters the cache (client-go's SetTransform): drop what no
   * reader needs, such as `metadata.managedFields`, which is often half of an object's size and is
   * held once per object for as long as it exists. Must return a new object or the same one,
   * never throw. @default objects are cached as received
   */
  transform?: (obj: T) => T;
}

/** A transform for `InformerOptions.transform`: the object without `metadata.managedFields`. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * Exponential backoff with jitter: attempt n waits a random time in [d/2, d], d = min(max,
 * initial * 2^n). Never more than `maxMs`; `reset()` after a success.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    readonly initialMs = 800,
    readonly maxMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return ceiling * (0.5 + this.random() * 0.5);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

// Resolves after `ms`, or at once when `signal` aborts: one implementation, beside the rate limiter's waits.
export { sleep };

/** A watch that ends this quickly with no event is treated as a failure (client-go's "very short
 * watch"): a server or proxy that closes every watch at once must not be hammered in a loop. */
const SHORT_WATCH_MS = 1000;

/**
 * How long a watch may carry no byte before it is abandoned: its server-side timeout plus a
 * margin (10%, at least 5 s, for the server's own scheduling and the last flush).
 *
 * Why not something shorter, timed on bookmarks: the API server sends BOOKMARKs only from its
 * watch cache, about once a minute and 2 s before the timeout, and the API documents that clients
 * must not assume any interval; a watch served from etcd (watch cache off) gets none. A deadline
 * below the timeout would abandon healthy quiet watches. The timeout itself is a promise the server
 * keeps: by then the stream must have ended, so silence past it means the stream is dead.
 */
export function watchIdleDeadlineMs(timeoutSeconds: number): number {
  return (timeoutSeconds + Math.max(5, timeoutSeconds / 10)) * 1000;
}

function isGone(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 410;
}

export class Informer<T extends KubeObject> {
  readonly resource: ResourceType;
  /** namespace ('' for cluster-scoped) -> name -> object. */
  private readonly store = new Map<string, Map<string, T>>();
  private readonly handlers = new Set<InformerHandler<T>>();
  /** The scopes (namespace, or '' for cluster-wide) whose first list is in the cache. */
  private readonly synced = new Set<string>();
  private readonly scopes: string[];
  private readonly logger: Logger;
  private loops: Promise<void> | undefined;
  /** Per scope: is a watch stream open now, and when was the scope last known to work (a list,
   * a watch's headers, an event), on the monotonic clock. */
  private readonly liveness = new Map<string, { streaming: boolean; aliveAt: number }>();

  constructor(
    private readonly client: ListWatchClient,
    private readonly options: InformerOptions<T>,
  ) {
    this.resource = options.resource;
    if (options.namespaces !== 'all' && options.namespaces.length === 0)
      throw new Error('informer: namespaces is empty; pass namespaces or "all"');
    this.scopes =
      options.namespaces === 'all' || !options.resource.namespaced ? [''] : [...new Set(options.namespaces)];
    this.logger = (options.logger ?? silentLogger()).child({
      informer: options.resource.plural,
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    });
  }

  /**
   * Register a handler. Handlers added after the cache has objects are first told about each of
   * them as ADDED (as client-go does), so a late handler misses nothing. Returns an unsubscribe.
   */
  on(handler: InformerHandler<T>): () => void {
    this.handlers.add(handler);
    for (const obj of this.list()) this.call(handler, 'ADDED', obj);
    return () => this.handlers.delete(handler);
  }

  /**
   * Start a list+watch loop per namespace; resolves once every namespace's first list is in the
   * cache. The loops run until `signal` aborts (`stopped()` resolves when they have ended). Rejects
   * if `signal` aborts before the caches have synced.
   */
  start(signal: AbortSignal): Promise<void> {
    if (this.loops) throw new Error(`informer for ${this.resource.plural} already started`);
    return new Promise<void>((resolve, reject) => {
      const onSynced = (): void => {
        if (this.hasSynced()) resolve();
      };
      this.loops = Promise.all(this.scopes.map((scope) => this.run(scope, signal, onSynced))).then(
        () => {
          if (!this.hasSynced())
            reject(new Error(`informer for ${this.resource.plural} stopped before its cache synced`));
        },
        (error: unknown) => {
          this.logger.fatal({ err: error }, 'informer loop crashed');
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Resolves when the loops have ended (after the start signal aborted). */
  async stopped(): Promise<void> {
    await this.loops;
  }

  /** True once the first list of every namespace is in the cache. */
  hasSynced(): boolean {
    return this.synced.size === this.scopes.length;
  }

  /**
   * `true` while every scope has a watch stream open, or had one (or a list) less than
   * `unhealthyAfterMs` ago: a watch ended normally is resumed within milliseconds, a broken one
   * gets that long to come back. Otherwise the reason. Before the first sync: not healthy.
   */
  watchHealth(now = performance.now()): true | string {
    const limit = this.options.unhealthyAfterMs ?? 30_000;
    for (const scope of this.scopes) {
      const state = this.liveness.get(scope);
      const where = `${this.resource.plural}${scope ? ` in ${scope}` : ''}`;
      if (!state) return `no list of ${where} yet`;
      if (state.streaming) continue;
      const downMs = now - state.aliveAt;
      if (downMs > limit) return `the watch of ${where} has not worked for ${Math.round(downMs / 1000)} s`;
    }
    return true;
  }

  /** The cached object (`namespace` is ignored for cluster-scoped resources). Cached objects are
   * shared with every reader and handler: treat them as read-only (copy before changing). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(this.resource.namespaced ? (namespace ?? '') : '')?.get(name);
  }

  /** Cached objects in `namespace`, or all of them. */
  list(namespace?: string): T[] {
    if (namespace !== undefined && this.resource.namespaced) return [...(this.store.get(namespace)?.values() ?? [])];
    const all: T[] = [];
    for (const objects of this.store.values()) all.push(...objects.values());
    return all;
  }

  /** The list+watch loop of one scope ('' = cluster-wide). */
  private async run(scope: string, signal: AbortSignal, onSynced: () => void): Promise<void> {
    const backoff = new Backoff(this.options.backoff?.initialMs ?? 800, this.options.backoff?.maxMs ?? 30_000);
    const log = scope ? this.logger.child({ namespace: scope }) : this.logger;
    const namespace = scope || undefined;
    const selectors = {
      ...(namespace ? { namespace } : {}),
      ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
      ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
    };
    /** Where the next watch starts; undefined = list first. */
    let resourceVersion: string | undefined;
    const alive = (streaming: boolean) => this.liveness.set(scope, { streaming, aliveAt: performance.now() });
    const notStreaming = () => {
      const state = this.liveness.get(scope);
      if (state) state.streaming = false;
    };
    const minTimeout = this.options.minWatchTimeoutSeconds ?? 300;

    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          const { items, resourceVersion: listed } = await this.client.list<T>(this.resource, selectors);
          if (signal.aborted) break;
          this.replace(scope, items, log);
          alive(false);
          resourceVersion = listed;
          if (!this.synced.has(scope)) {
            this.synced.add(scope);
            log.debug({ objects: items.length, resourceVersion }, 'cache synced');
            onSynced();
          }
        }

        const watchStarted = performance.now();
        let events = 0;
        const timeoutSeconds = this.options.watchTimeoutSeconds ?? minTimeout + Math.floor(Math.random() * minTimeout);
        try {
          await this.client.watch<T>(
            this.resource,
            { ...selectors, resourceVersion, timeoutSeconds, idleTimeoutMs: watchIdleDeadlineMs(timeoutSeconds) },
            (event) => {
              events++;
              alive(true);
              const seen = this.handleEvent(scope, event, log);
              if (seen) resourceVersion = seen;
            },
            signal,
            () => alive(true),
          );
          // Ended normally: resumed at once below, so it still counts as working from now.
          alive(false);
        } finally {
          notStreaming();
        }
        if (signal.aborted) break;
        if (events === 0 && performance.now() - watchStarted < SHORT_WATCH_MS) {
          throw new Error('watch closed at once without an event');
        }
        // The server ended the watch (its timeout): resume from the last version seen.
        backoff.reset();
        log.debug({ resourceVersion }, 'watch ended; resuming');
      } catch (error) {
        if (signal.aborted) break;
        if (isGone(error)) {
          // The version we resume from is compacted away: events are lost, so relist now. The
          // relist diff turns what happened meanwhile into handler calls.
          log.info({ resourceVersion, reason: errorMessage(error) }, 'watch expired (410); relisting');
          resourceVersion = undefined;
          continue;
        }
        const delayMs = backoff.next();
        if (error instanceof WatchStalledError)
          log.warn(
            { resourceVersion, reason: error.message, retryInMs: Math.round(delayMs) },
            'watch went silent past its deadline; re-establishing',
          );
        else
          log.warn(
            { err: error, resourceVersion, retryInMs: Math.round(delayMs), attempt: backoff.attempts },
            `${resourceVersion === undefined ? 'list' : 'watch'} failed; retrying`,
          );
        await sleep(delayMs, signal);
      }
    }
    log.debug('informer loop stopped');
  }

  /** Apply one watch event to the cache; returns the resourceVersion it carries, if any. */
  private handleEvent(scope: string, event: WatchEvent<T>, log: Logger): string | undefined {
    try {
      const meta = event?.object?.metadata;
      if (!meta || typeof meta !== 'object' || typeof meta.resourceVersion !== 'string') {
        log.error({ eventType: event?.type }, 'malformed watch event (no metadata.resourceVersion); skipped');
        return undefined;
      }
      if (event.type === 'BOOKMARK') return meta.resourceVersion;
      if (typeof meta.name !== 'string') {
        log.error({ eventType: event.type }, 'malformed watch event (no metadata.name); skipped');
        return meta.resourceVersion;
      }
      const obj = this.options.transform ? this.options.transform(event.object) : event.object;
      const ns = this.resource.namespaced ? (meta.namespace ?? scope) : '';
      const old = this.store.get(ns)?.get(meta.name);
      switch (event.type) {
        case 'ADDED':
        case 'MODIFIED':
          this.objects(ns).set(meta.name, obj);
          // From the cache's point of view: an ADDED for an object we hold is a change to it.
          this.emit(old ? 'MODIFIED' : 'ADDED', obj, old);
          break;
        case 'DELETED':
          this.store.get(ns)?.delete(meta.name);
          this.emit('DELETED', obj, old);
          break;
        default:
          log.error({ eventType: (event as { type?: unknown }).type }, 'unknown watch event type; skipped');
      }
      return meta.resourceVersion;
    } catch (error) {
      // This runs inside the client's stream handler: throwing here would take the process down.
      log.error({ err: error }, 'failed to handle watch event; skipped');
      return undefined;
    }
  }

  /** Replace the cache of `scope` with a fresh list, telling handlers what changed. */
  private replace(scope: string, items: T[], log: Logger): void {
    const fresh = new Map<string, Map<string, T>>();
    for (const item of items) {
      if (typeof item?.metadata?.name !== 'string') {
        log.error('malformed object in list (no metadata.name); skipped');
        continue;
      }
      const obj = this.options.transform ? this.options.transform(item) : item;
      const ns = this.resource.namespaced ? (obj.metadata.namespace ?? scope) : '';
      let objects = fresh.get(ns);
      if (!objects) fresh.set(ns, (objects = new Map<string, T>()));
      objects.set(obj.metadata.name, obj);
    }
    // Deleted while we were not watching: in the cache of this scope, not in the list.
    const owned = scope === '' ? [...this.store.keys()] : [scope];
    for (const ns of owned) {
      const cached = this.store.get(ns);
      if (!cached) continue;
      for (const [name, old] of [...cached]) {
        if (fresh.get(ns)?.has(name)) continue;
        cached.delete(name);
        this.emit('DELETED', old, old);
      }
      if (cached.size === 0) this.store.delete(ns);
    }
    for (const [ns, objects] of fresh) {
      for (const [name, obj] of objects) {
        const old = this.store.get(ns)?.get(name);
        this.objects(ns).set(name, obj);
        if (!old) this.emit('ADDED', obj);
        else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit('MODIFIED', obj, old);
      }
    }
  }

  private objects(ns: string): Map<string, T> {
    let objects = this.store.get(ns);
    if (!objects) this.store.set(ns, (objects = new Map<string, T>()));
    return objects;
  }

  private emit(type: InformerEventType, obj: T, old?: T): void {
    for (const handler of this.handlers) this.call(handler, type, obj, old);
  }

  private call(handler: InformerHandler<T>, type: InformerEventType, obj: T, old?: T): void {
    try {
      handler(type, obj, old);
    } catch (error) {
      this.logger.error(
        { err: error, eventType: type, name: obj.metadata.name, namespace: obj.metadata.namespace },
        'informer handler threw; continuing',
      );
    }
  }
}
