// HTTP(S) health probes with client certificates, for /health, /readyz, /healthz.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Probe } from './plan.js';

/** Resolves true on HTTP 200 within timeoutMs, false on anything else. Never rejects. */
export function probe(p: Probe, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(p.url);
    const done = (ok: boolean): void => resolve(ok);
    try {
      const req =
        url.protocol === 'https:'
          ? httpsRequest(url, {
              ca: p.ca ? readFileSync(p.ca) : undefined,
              cert: p.cert ? readFileSync(p.cert) : undefined,
              key: p.key ? readFileSync(p.key) : undefined,
              rejectUnauthorized: !p.insecure,
              timeout: timeoutMs,
            })
          : httpRequest(url, { timeout: timeoutMs });
      req.on('response', (res) => {
        res.resume();
        done(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => done(false));
      req.end();
    } catch {
      done(false);
    }
  });
}
