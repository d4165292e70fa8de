/**
 * Client-side flow control, as client-go's `flowcontrol.NewTokenBucketRateLimiter`: every request
 * takes a token; tokens come back at `qps` a second, at most `burst` saved up. A storm of work
 * (a thousand RECs edited at once, a relist after an outage) is spread out here instead of
 * landing on the API server, which would answer it with 429s from API Priority and Fairness.
 *
 * Defaults are controller-runtime's (QPS 20, burst 30), not client-go's bare 5/10: a runner writes
 * a dozen objects for a new REC, and the defaults must not make that slower than the API server.
 */

export const DEFAULT_QPS = 20;
export const DEFAULT_BURST = 30;

export interface RateLimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const realClock: RateLimiterClock = { now: () => performance.now(), sleep };

/**
 * When a 429, or a 5xx that carries `Retry-After`, is retried: after the seconds the server asks
 * (client-go's checkWait), at most MAX_RETRIES times (client-go's default of 10). A 5xx without
 * the header is the caller's to handle: repeating it may not be safe or useful.
 */
export const MAX_RETRIES = 10;
/** A server asking for more than this is obeyed only this long per wait: a reconcile must progress. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/** Seconds to wait before sending again, or undefined when the answer is not to be retried. */
export function retryAfterSeconds(status: number, header: string | string[] | undefined): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value.trim()), MAX_RETRY_AFTER_SECONDS);
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** `qps` <= 0: no limit at all (for tests and benchmarks that measure the server). */
  constructor(
    readonly qps: number = DEFAULT_QPS,
    readonly burst: number = DEFAULT_BURST,
    private readonly clock: RateLimiterClock = realClock,
  ) {
    if (qps > 0 && !(burst >= 1)) throw new Error(`rate limiter: burst must be at least 1 (got ${burst})`);
    this.tokens = burst;
    this.last = clock.now();
  }

  /**
   * Take a token, waiting for it when there is none. Tokens are reserved in call order (the count
   * goes below zero), so waiters are served first come, first served, as with golang.org/x/time/rate.
   */
  async take(signal?: AbortSignal): Promise<void> {
    if (!(this.qps > 0)) return;
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep((-this.tokens / this.qps) * 1000, signal);
  }
}
