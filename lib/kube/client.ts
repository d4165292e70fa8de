/**
 * A small Kubernetes REST client over kept-alive HTTPS connections. The kubeconfig comes from
 * `./kubeconfig.ts` (or any client-node KubeConfig); the requests themselves we make here,
 * because the runner needs what client-node's generated APIs make awkward: server-side apply of
 * any object, streaming watches we can abort and restart, and a hook that sees every request (for
 * the API-request metrics and the "an idle resync writes nothing" check).
 */
import https from 'node:https';
import http from 'node:http';
import type { KubeConfigSource } from './kubeconfig.js';
import type { KubeObject } from '../api/kubernetes-object.js';
import { resourceFor, resourcePath, type ResourceType } from './resources.js';
import { DEFAULT_BURST, DEFAULT_QPS, MAX_RETRIES, TokenBucket, retryAfterSeconds, sleep } from './rate-limiter.js';

export type { KubeObject, ObjectMeta, OwnerReference } from '../api/kubernetes-object.js';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * TCP keepalive on every connection, after this long idle (client-go's dialer uses 30 s): a peer
 * that vanished without a FIN or RST (a host gone, a NAT entry dropped) is found by the kernel's
 * probes instead of never. It cannot find a server that is alive but silent (its kernel answers
 * the probes): the watch idle deadline below is for that.
 */
const TCP_KEEPALIVE_MS = 30_000;

/** A watch abandoned because no byte arrived for longer than its idle deadline. */
export class WatchStalledError extends Error {
  constructor(resource: string, idleMs: number) {
    super(
      `watch ${resource}: no byte for ${Math.round(idleMs / 1000)} s (the server should have sent a bookmark or ended it by then); abandoned`,
    );
    this.name = 'WatchStalledError';
  }
}

export type Verb = 'GET' | 'LIST' | 'WATCH' | 'CREATE' | 'APPLY' | 'PATCH' | 'UPDATE' | 'DELETE';

/**
 * Called once per request, when its response headers arrive (or it fails: code 0).
 * `reusedConnection`: it went over a kept-alive connection (no new TCP and TLS handshake).
 */
export type RequestObserver = (event: {
  verb: Verb;
  resource: string;
  code: number;
  seconds: number;
  reusedConnection: boolean;
}) => void;

export class KubeApiError extends Error {
  constructor(
    public readonly code: number,
    public readonly reason: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * What went wrong, in one line, for a log field, an event or a condition: an API error with its
 * code and reason (`409 Conflict: ...`), any other error by its message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof KubeApiError) return `${error.code} ${error.reason}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface ApplyOptions {
  fieldManager: string;
  /** Take fields from other managers (conflicts otherwise fail with 409). @default true */
  force?: boolean;
  subresource?: 'status';
  dryRun?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  /** Only delete this very object (not a newer one of the same name). */
  uid?: string;
}

/** Client-side rate limit: QPS and burst of the token bucket (<= 0 QPS: none). */
export interface FlowControl {
  /** @default DEFAULT_QPS (20) */
  readonly qps?: number;
  /** @default DEFAULT_BURST (30) */
  readonly burst?: number;
}

export class KubeClient {
  /** Short requests share kept-alive connections: a TLS handshake costs more than most requests. */
  private readonly agent: https.Agent | http.Agent;
  /**
   * Watches hold a connection each for minutes; on the request agent's socket limit they would
   * starve short requests (or each other), so they get an agent without one.
   */
  private readonly watchAgent: https.Agent | http.Agent;
  /** Through a proxy, client-node's own (per-request) agent must carry the request. */
  private readonly viaProxy: boolean;
  private readonly server: URL;
  private readonly observers: RequestObserver[] = [];
  private readonly senders: ((event: { verb: Verb; resource: string }) => void)[] = [];

  /** Client-side flow control: every request, watches included, takes a token (rate-limiter.ts). */
  private readonly limiter: TokenBucket;

  private constructor(
    private readonly kubeConfig: KubeConfigSource,
    userAgent: string,
    flow: FlowControl = {},
  ) {
    this.limiter = new TokenBucket(flow.qps ?? DEFAULT_QPS, flow.burst ?? DEFAULT_BURST);
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    const Agent = this.server.protocol === 'http:' ? http.Agent : https.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 32 });
    this.watchAgent = new Agent({ keepAlive: false });
    this.viaProxy = Boolean(cluster.proxyUrl);
    this.userAgent = userAgent;
  }

  private readonly userAgent: string;
  /** Every request of this client aborts with it (see `withSignal`). */
  private scope: AbortSignal | undefined;

  /**
   * The same client (connections, observers), whose every request also aborts when `signal` does,
   * and which sends nothing once it has: the fence that stops a replica that lost its leader lease
   * from writing, in flight or later.
   */
  withSignal(signal: AbortSignal): KubeClient {
    const scoped = Object.assign(Object.create(KubeClient.prototype) as KubeClient, this);
    scoped.scope = this.scope ? AbortSignal.any([this.scope, signal]) : signal;
    return scoped;
  }

  /** From our loader's `source`, or a client-node `KubeConfig`. */
  static fromKubeConfig(kubeConfig: KubeConfigSource, options: { userAgent?: string } & FlowControl = {}): KubeClient {
    return new KubeClient(kubeConfig, options.userAgent ?? 'rec-cdk8s', options);
  }

  /** See every request this client makes, once answered (metrics, tests). */
  observe(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  /**
   * See every request as it is sent. What a counter that must not miss a request still in flight
   * needs (the benchmark counts what was sent up to a moment; answers may arrive after it).
   */
  observeSent(listener: (event: { verb: Verb; resource: string }) => void): void {
    this.senders.push(listener);
  }

  async get<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.json<T>('GET', type, resourcePath(type, namespace, name));
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  /** Every item (following `continue`), and the list's resourceVersion to watch from. */
  async list<T extends KubeObject>(
    type: ResourceType,
    options: ListOptions = {},
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let next: string | undefined;
    let resourceVersion = '';
    do {
      const query = new URLSearchParams({ limit: '500' });
      if (options.labelSelector) query.set('labelSelector', options.labelSelector);
      if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
      if (next) query.set('continue', next);
      const page = await this.json<{ items: T[]; metadata: { resourceVersion: string; continue?: string } }>(
        'LIST',
        type,
        `${resourcePath(type, options.namespace)}?${query.toString()}`,
      );
      // Items of a list carry no apiVersion/kind; put them back so objects look the same everywhere.
      for (const item of page.items) items.push({ ...item, apiVersion: type.apiVersion, kind: type.kind });
      resourceVersion = page.metadata.resourceVersion;
      next = page.metadata.continue || undefined;
    } while (next);
    return { items, resourceVersion };
  }

  /**
   * Stream watch events from `resourceVersion` until the server closes the stream or `signal`
   * aborts. An ERROR event (410 Gone: the version is too old) rejects with a KubeApiError so the
   * caller relists. The response headers must come within 30 s (as any request's answer), and,
   * with `idleTimeoutMs`, a stream that then carries no byte for that long rejects with a
   * WatchStalledError: a server that froze, or a connection silently cut, ends the watch instead of
   * leaving it open forever. `onEstablished` is called once the server has accepted the watch.
   */
  async watch<T extends KubeObject>(
    type: ResourceType,
    options: ListOptions & { resourceVersion: string; timeoutSeconds?: number; idleTimeoutMs?: number },
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
    onEstablished?: () => void,
  ): Promise<void> {
    const query = new URLSearchParams({
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: options.resourceVersion,
    });
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    query.set('timeoutSeconds', String(options.timeoutSeconds ?? 300));
    const response = await this.request(
      'WATCH',
      type,
      `${resourcePath(type, options.namespace)}?${query.toString()}`,
      undefined,
      undefined,
      signal,
    );
    if (response.statusCode !== 200) throw await errorFrom(response);
    onEstablished?.();
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      let settled = false;
      const idleMs = options.idleTimeoutMs;
      // One timer, pushed back by every chunk (refresh() is cheap: no new timer per byte).
      const idle = idleMs
        ? setTimeout(() => {
            fail(new WatchStalledError(type.plural, idleMs));
            this.dropIdleConnections();
          }, idleMs)
        : undefined;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        response.destroy();
        reject(error);
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        idle?.refresh();
        buffer += chunk;
        let newline: number;
        while (!settled && (newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          let event: WatchEvent<T>;
          try {
            event = JSON.parse(line) as WatchEvent<T>;
          } catch {
            // A torn or garbled stream: end this watch; the caller resumes from its last version.
            fail(new Error(`watch ${type.plural}: unreadable event`));
            return;
          }
          if (!event || typeof event.object !== 'object' || event.object === null) {
            fail(new Error(`watch ${type.plural}: event without an object`));
            return;
          }
          if (event.type === 'ERROR') {
            const status = event.object as unknown as { code?: number; reason?: string; message?: string };
            fail(new KubeApiError(status.code ?? 500, status.reason ?? 'WatchError', status.message ?? 'watch error'));
            return;
          }
          if (event.type !== 'BOOKMARK')
            event.object = {
              ...event.object,
              apiVersion: event.object.apiVersion ?? type.apiVersion,
              kind: event.object.kind ?? type.kind,
            };
          onEvent(event);
        }
      });
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        // A stream cut before the server ended it (apiserver restart, network) is a failure, not a timeout.
        if (!response.complete && !signal.aborted)
          reject(new Error(`watch ${type.plural}: stream closed before it ended`));
        else resolve();
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', (error) => (signal.aborted ? finish() : fail(error)));
    });
  }

  /** Server-side apply: the object as this manager wants it; fields it stops sending are removed. */
  async apply<T extends KubeObject>(object: KubeObject, options: ApplyOptions): Promise<T> {
    const type = resourceFor(object.apiVersion, object.kind);
    const query = new URLSearchParams({ fieldManager: options.fieldManager, force: String(options.force ?? true) });
    if (options.dryRun) query.set('dryRun', 'All');
    const path = `${resourcePath(type, object.metadata.namespace, object.metadata.name, options.subresource)}?${query.toString()}`;
    return this.json<T>('APPLY', type, path, object, 'application/apply-patch+yaml');
  }

  async create<T extends KubeObject>(
    object: KubeObject,
    options: { fieldManager?: string; dryRun?: boolean } = {},
  ): Promise<T> {
    const type = resourceFor(object.apiVersion, object.kind);
    const query = new URLSearchParams();
    if (options.fieldManager) query.set('fieldManager', options.fieldManager);
    if (options.dryRun) query.set('dryRun', 'All');
    return this.json<T>(
      'CREATE',
      type,
      `${resourcePath(type, object.metadata.namespace)}?${query.toString()}`,
      object,
      'application/json',
    );
  }

  /** PUT: replace, with the object's resourceVersion as the optimistic lock. */
  async update<T extends KubeObject>(
    object: KubeObject,
    options: { subresource?: 'status'; fieldManager?: string } = {},
  ): Promise<T> {
    const type = resourceFor(object.apiVersion, object.kind);
    const query = new URLSearchParams();
    if (options.fieldManager) query.set('fieldManager', options.fieldManager);
    const path = `${resourcePath(type, object.metadata.namespace, object.metadata.name, options.subresource)}?${query.toString()}`;
    return this.json<T>('UPDATE', type, path, object, 'application/json');
  }

  async patch<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: { patchType: 'merge' | 'json' | 'strategic'; subresource?: 'status'; fieldManager?: string },
  ): Promise<T> {
    const contentType = {
      merge: 'application/merge-patch+json',
      json: 'application/json-patch+json',
      strategic: 'application/strategic-merge-patch+json',
    }[options.patchType];
    const query = new URLSearchParams();
    if (options.fieldManager) query.set('fieldManager', options.fieldManager);
    return this.json<T>(
      'PATCH',
      type,
      `${resourcePath(type, namespace, name, options.subresource)}?${query.toString()}`,
      body,
      contentType,
    );
  }

  /** Delete; false when it was already gone. */
  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    const body = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
      ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
    };
    try {
      await this.json('DELETE', type, resourcePath(type, namespace, name), body, 'application/json');
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return false;
      throw error;
    }
  }

  /**
   * Close the kept-alive connections not in use. Called when a request got no answer in time or
   * a watch went silent: the idle connections most likely share that fate (a partition, a frozen
   * server) and, silently dead, each would hold the next request it carries for the whole request
   * timeout. New connections are cheap next to that.
   */
  dropIdleConnections(): void {
    for (const sockets of Object.values(this.agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }

  /** Close idle keep-alive sockets (tests, shutdown). */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private async json<T>(
    verb: Verb,
    type: ResourceType,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const response = await this.request(verb, type, path, body, contentType);
    const text = await readBody(response);
    if ((response.statusCode ?? 0) >= 400) throw errorFromText(response.statusCode ?? 0, text);
    return JSON.parse(text) as T;
  }

  /**
   * One request, after a token from the rate limiter; a 429 (API Priority and Fairness, or an
   * overloaded server) or a 5xx that says `Retry-After` is sent again after that many seconds, up
   * to MAX_RETRIES times, as client-go does. Every attempt is observed (it is a request the server
   * answered). The body is a buffer, so a retry sends exactly the same bytes.
   */
  private async request(
    verb: Verb,
    type: ResourceType,
    path: string,
    body?: unknown,
    contentType?: string,
    signal?: AbortSignal,
  ): Promise<http.IncomingMessage> {
    if (this.scope) {
      this.scope.throwIfAborted();
      signal = signal ? AbortSignal.any([signal, this.scope]) : this.scope;
    }
    for (let attempt = 0; ; attempt++) {
      await this.limiter.take(signal);
      const response = await this.send(verb, type, path, body, contentType, signal);
      const wait =
        attempt < MAX_RETRIES
          ? retryAfterSeconds(response.statusCode ?? 0, response.headers['retry-after'])
          : undefined;
      if (wait === undefined || signal?.aborted) return response;
      response.resume();
      await sleep(wait * 1000, signal);
    }
  }

  private async send(
    verb: Verb,
    type: ResourceType,
    path: string,
    body?: unknown,
    contentType?: string,
    signal?: AbortSignal,
  ): Promise<http.IncomingMessage> {
    const method = {
      GET: 'GET',
      LIST: 'GET',
      WATCH: 'GET',
      CREATE: 'POST',
      APPLY: 'PATCH',
      PATCH: 'PATCH',
      UPDATE: 'PUT',
      DELETE: 'DELETE',
    }[verb];
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const options: https.RequestOptions = {
      protocol: this.server.protocol,
      hostname: this.server.hostname,
      port: this.server.port,
      path: `${this.server.pathname.replace(/\/$/, '')}${path}`,
      method,
      headers: {
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...(payload ? { 'Content-Type': contentType ?? 'application/json', 'Content-Length': payload.length } : {}),
      },
      ...(signal ? { signal } : {}),
    };
    // Credentials are applied per request (tokens rotate, exec plugins refresh). client-node also
    // sets a brand-new agent every time, which would mean a new TLS handshake per request; the TLS
    // material it puts on the options (ca, cert, key, servername) stays on them, and Node pools
    // sockets by exactly those fields, so our long-lived agents are as correct and keep connections.
    await this.kubeConfig.applyToHTTPSOptions(options);
    if (!this.viaProxy) options.agent = verb === 'WATCH' ? this.watchAgent : this.agent;
    const started = process.hrtime.bigint();
    for (const sent of this.senders) sent({ verb, resource: type.plural });
    const transport = this.server.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(options, (response) => {
        // A watch's stream may then be quiet for minutes: its own idle deadline watches it (watch()).
        if (verb === 'WATCH') request.setTimeout(0);
        this.notify(verb, type, response.statusCode ?? 0, started, request.reusedSocket);
        resolve(response);
      });
      request.on('socket', (socket) => socket.setKeepAlive(true, TCP_KEEPALIVE_MS));
      request.on('error', (error) => {
        this.notify(verb, type, 0, started, request.reusedSocket);
        reject(error);
      });
      // A hung request must not stall a worker or an informer forever. For a watch this bounds the
      // wait for its headers (a frozen server accepts the connection and then says nothing).
      request.setTimeout(REQUEST_TIMEOUT_MS, () => {
        request.destroy(new Error(`${verb} ${type.plural}: no answer within ${REQUEST_TIMEOUT_MS / 1000}s`));
        this.dropIdleConnections();
      });
      if (payload) request.write(payload);
      request.end();
    });
  }

  private notify(verb: Verb, type: ResourceType, code: number, started: bigint, reusedConnection: boolean): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const observer of this.observers) observer({ verb, resource: type.plural, code, seconds, reusedConnection });
  }
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (c: Buffer) => chunks.push(c));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    // An aborted request (a lost lease, a timeout) may close the body without either of the above.
    response.on('close', () => {
      if (!response.complete) reject(new Error('the connection closed before the whole answer arrived'));
    });
  });
}

function errorFromText(code: number, text: string): KubeApiError {
  try {
    const status = JSON.parse(text) as { reason?: string; message?: string; details?: unknown };
    return new KubeApiError(code, status.reason ?? 'Unknown', status.message ?? text, status.details);
  } catch {
    return new KubeApiError(code, 'Unknown', text.slice(0, 500));
  }
}

async function errorFrom(response: http.IncomingMessage): Promise<KubeApiError> {
  return errorFromText(response.statusCode ?? 0, await readBody(response));
}
