/**
 * The probe and metrics endpoints the kubelet and Prometheus scrape:
 *
 * - `/healthz` (liveness): 200 as long as the process answers at all, i.e. its event loop is not
 *   stuck; plus an optional check for a loop the process knows to be dead. A failing liveness
 *   probe gets the container restarted, so it must not depend on the API server: a restart would
 *   not fix an unreachable API server, and restarting every replica at once makes things worse.
 * - `/readyz` (readiness): 200 once the informer caches have synced (per a callback), 503 with the
 *   reason otherwise.
 * - `/metrics`: the Prometheus registry in the text exposition format.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** `true` when fine; `false` or a reason (string) when not. */
export type Check = () => boolean | string;

export interface HealthServerOptions {
  /** 0 = a random free port (see `address()`). */
  port: number;
  /** @default all interfaces ('::' or '0.0.0.0'), as the kubelet probes the pod IP */
  host?: string;
  /** Readiness, e.g. `() => informers.every((i) => i.hasSynced()) || 'caches not synced'`. @default always ready */
  ready?: Check;
  /** Liveness beyond "the event loop answers". @default always alive */
  alive?: Check;
  /** Served at /metrics; without it /metrics is 404. */
  registry?: Registry;
}

export class HealthServer {
  private constructor(
    private readonly server: http.Server,
    private readonly port: number,
  ) {}

  /** Listen; resolves once the port is bound. */
  static async start(options: HealthServerOptions): Promise<HealthServer> {
    const server = http.createServer((request, response) => {
      handle(options, request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    });
    // Probes are tiny and frequent; never let an idle keep-alive socket hold `close()` up for long.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const ready = (): void => {
        server.off('error', reject);
        resolve();
      };
      if (options.host === undefined) server.listen(options.port, ready);
      else server.listen(options.port, options.host, ready);
    });
    return new HealthServer(server, (server.address() as AddressInfo).port);
  }

  /** The bound port. */
  address(): number {
    return this.port;
  }

  /** Stop listening and close open connections. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}

async function handle(
  options: HealthServerOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('method not allowed\n');
    return;
  }
  switch (path) {
    case '/healthz':
    case '/livez':
      return answerCheck(response, options.alive);
    case '/readyz':
      return answerCheck(response, options.ready);
    case '/metrics': {
      if (!options.registry) break;
      const body = await options.registry.metrics();
      response.writeHead(200, { 'Content-Type': options.registry.contentType });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('not found\n');
}

function answerCheck(response: http.ServerResponse, check: Check | undefined): void {
  let result: boolean | string;
  try {
    result = check ? check() : true;
  } catch (error) {
    result = `check failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const ok = result === true;
  response.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(ok ? 'ok\n' : `${result === false ? 'not ready' : result}\n`);
}
