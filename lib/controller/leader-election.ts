/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection package does it,
 * so that of several runner replicas exactly one reconciles at a time:
 *
 * - A candidate takes the lease when nobody holds it (no lease, or an empty holderIdentity after a
 *   clean release), when the holder stopped renewing (renewTime + leaseDurationSeconds is past), or
 *   when it is already ours (a restart with the same identity).
 * - Every write carries the resourceVersion it was based on (create fails with 409 if the lease
 *   appeared meanwhile, update with 409 if it changed), so of two candidates racing for one
 *   expired lease exactly one wins: optimistic concurrency, no clock needed to break the tie.
 * - The leader renews every retryPeriod. If it cannot renew for renewDeadline (< leaseDuration) it
 *   stops leading: it gives up before anyone else may take over, so two leaders never overlap as
 *   long as clocks agree to within leaseDuration - renewDeadline. The caller then exits and
 *   starts over as a candidate.
 * - `release()` (on SIGTERM, after the leader's work has stopped) writes an empty holder with a
 *   1 s duration (client-go's ReleaseOnCancel), so the next candidate takes over at once instead
 *   of waiting out the lease.
 *
 * Expiry is judged by when this replica first saw the lease's current version, on its own
 * monotonic clock, as client-go does: no two machines' clocks are ever compared.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { type KubeClient, KubeApiError, type KubeObject } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { sleep } from './informer.js';
import { type Logger, silentLogger } from './logger.js';
import { leaderElectionMetrics, type LeaderElectionMetrics } from './metrics.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** RFC 3339 with microseconds (MicroTime). */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectorOptions {
  client: Pick<KubeClient, 'get' | 'create' | 'update'>;
  namespace: string;
  /** The Lease's name. */
  name: string;
  /** Unique per candidate. @default `${hostname}_${random uuid}` */
  identity?: string;
  /** How long a lease lasts without renewal before others may take it. @default 15 */
  leaseDurationSeconds?: number;
  /** How long the leader keeps trying to renew before it gives up leading. @default 10 */
  renewDeadlineSeconds?: number;
  /** How often candidates try to acquire, and the leader renews. @default 2 */
  retryPeriodSeconds?: number;
  /** For `leader_election_master_status{name}`. @default none */
  registry?: Registry;
  /** @default silent */
  logger?: Logger;
}

export interface LeaderCallbacks {
  /**
   * We lead now. `signal` aborts when we stop leading; the work must stop then. If this returns a
   * promise, `release()` waits for it to settle before handing the lease over, so return one that
   * settles once the work has stopped (e.g. after `await controller.stop()`).
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** We led and no longer do (lost the lease, aborted, or released). After a loss, exit. */
  onStoppedLeading(): void | Promise<void>;
  /** Someone (maybe us) became the holder. */
  onNewLeader?(identity: string): void;
}

/** A MicroTime ("2006-01-02T15:04:05.000000Z"): the API server wants exactly six fraction digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  readonly identity: string;
  private readonly client: LeaderElectorOptions['client'];
  private readonly namespace: string;
  private readonly name: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly logger: Logger;
  private readonly status: LeaderElectionMetrics | undefined;

  /** The lease as last read or written, and when (our monotonic clock) its current version was first seen. */
  private observed: Lease | undefined;
  private observedAt = 0;
  private leading = false;
  private running: Promise<void> | undefined;
  /** Aborts the acquire/renew loop (release, or the caller's signal). */
  private readonly stop = new AbortController();
  private releaseRequested = false;

  constructor(options: LeaderElectorOptions) {
    this.client = options.client;
    this.namespace = options.namespace;
    this.name = options.name;
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    const lease = options.leaseDurationSeconds ?? 15;
    const deadline = options.renewDeadlineSeconds ?? 10;
    const retry = options.retryPeriodSeconds ?? 2;
    // client-go's checks: the leader must give up (deadline) before others may take over (lease),
    // and must get more than one try (retry) within the deadline.
    // The Lease stores whole seconds (int32).
    if (!Number.isInteger(lease) || lease < 1)
      throw new Error(`leader election: leaseDurationSeconds must be a positive integer, got ${lease}`);
    if (!(lease > deadline))
      throw new Error(
        `leader election: leaseDurationSeconds (${lease}) must be greater than renewDeadlineSeconds (${deadline})`,
      );
    if (!(deadline > retry * 1.2))
      throw new Error(
        `leader election: renewDeadlineSeconds (${deadline}) must be greater than 1.2 * retryPeriodSeconds (${retry})`,
      );
    if (!(retry > 0)) throw new Error(`leader election: retryPeriodSeconds must be positive, got ${retry}`);
    if (!this.identity) throw new Error('leader election: identity must not be empty');
    this.leaseDurationMs = lease * 1000;
    this.renewDeadlineMs = deadline * 1000;
    this.retryPeriodMs = retry * 1000;
    this.logger = (options.logger ?? silentLogger()).child({
      lease: `${options.namespace}/${options.name}`,
      identity: this.identity,
    });
    if (options.registry) this.status = leaderElectionMetrics(options.registry, this.name);
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder of the lease as last observed ('' when released, undefined before the first read). */
  getLeader(): string | undefined {
    return this.observed?.spec?.holderIdentity;
  }

  /**
   * Campaign until we lead, lead until we lose the lease, `signal` aborts, or `release()` is
   * called; resolves then. Runs once per elector: after a loss, exit (or make a new elector).
   */
  run(callbacks: LeaderCallbacks, signal?: AbortSignal): Promise<void> {
    if (this.running) throw new Error('leader elector already ran; create a new one');
    if (signal) {
      if (signal.aborted) this.stop.abort();
      else signal.addEventListener('abort', () => this.stop.abort(), { once: true });
    }
    this.running = this.campaign(callbacks);
    return this.running;
  }

  /**
   * Stop campaigning or leading, and if we lead, hand the lease over at once: abort the leader's
   * signal, wait for `onStartedLeading`'s promise, then write an empty holder with a 1 s duration.
   */
  async release(): Promise<void> {
    this.releaseRequested = true;
    this.stop.abort();
    await this.running;
  }

  private async campaign(callbacks: LeaderCallbacks): Promise<void> {
    const stop = this.stop.signal;
    this.logger.info('campaigning for the lease');
    while (!stop.aborted) {
      if (await this.attempt(callbacks)) break;
      // client-go's JitterUntil(retryPeriod, 1.2): spread candidates so they do not collide.
      await sleep(this.retryPeriodMs * (1 + Math.random() * 1.2), stop);
    }
    if (stop.aborted) return;

    this.setLeading(true);
    this.logger.info('started leading');
    const leadership = new AbortController();
    let work: Promise<void> = Promise.resolve();
    try {
      work = Promise.resolve(callbacks.onStartedLeading(leadership.signal)).catch((error: unknown) => {
        this.logger.error({ err: error }, 'onStartedLeading failed');
      });
    } catch (error) {
      this.logger.error({ err: error }, 'onStartedLeading threw');
    }

    await this.renewLoop(callbacks);

    this.setLeading(false);
    leadership.abort();
    if (this.releaseRequested) {
      // The work must have stopped before anyone else may start it.
      await work;
      await this.writeRelease();
    }
    this.logger.info({ released: this.releaseRequested }, 'stopped leading');
    try {
      await callbacks.onStoppedLeading();
    } catch (error) {
      this.logger.error({ err: error }, 'onStoppedLeading failed');
    }
  }

  /** Renew until stopped or until renewals have failed for renewDeadline (or someone else holds it). */
  private async renewLoop(callbacks: LeaderCallbacks): Promise<void> {
    const stop = this.stop.signal;
    let lastRenew = performance.now();
    while (!stop.aborted) {
      await sleep(this.retryPeriodMs, stop);
      if (stop.aborted) return;
      const left = this.renewDeadlineMs - (performance.now() - lastRenew);
      const renewed = left > 0 && (await withTimeout(this.attempt(callbacks), left, false));
      if (stop.aborted) return;
      if (renewed) {
        lastRenew = performance.now();
        continue;
      }
      const holder = this.observed?.spec?.holderIdentity;
      if (holder && holder !== this.identity) {
        this.logger.warn({ holder }, 'lease taken by another candidate; stopping leading');
        return;
      }
      if (performance.now() - lastRenew >= this.renewDeadlineMs) {
        this.logger.error(
          { renewDeadlineMs: this.renewDeadlineMs },
          'failed to renew the lease within the renew deadline; stopping leading',
        );
        return;
      }
    }
  }

  /** One try to acquire or renew; true when we hold the lease now. Never throws. */
  private async attempt(callbacks: LeaderCallbacks): Promise<boolean> {
    try {
      return await this.tryAcquireOrRenew(callbacks);
    } catch (error) {
      this.logger.warn({ err: error }, this.leading ? 'renewing the lease failed' : 'acquiring the lease failed');
      return false;
    }
  }

  private async tryAcquireOrRenew(callbacks: LeaderCallbacks): Promise<boolean> {
    const now = Date.now();

    // Fast path for the leader: renew on top of the version we wrote last, without a GET. A 409
    // (someone else wrote it) falls through to the full read below.
    if (this.leading && this.observed?.spec?.holderIdentity === this.identity) {
      try {
        this.see(
          await this.client.update<Lease>(this.withSpec(this.observed, this.desiredSpec(this.observed.spec, now)), {}),
          callbacks,
        );
        return true;
      } catch (error) {
        if (!(error instanceof KubeApiError && error.code === 409)) throw error;
      }
    }

    const lease = await this.client.get<Lease>(RESOURCE.lease, this.namespace, this.name);
    if (!lease) {
      const fresh: Lease = {
        apiVersion: RESOURCE.lease.apiVersion,
        kind: RESOURCE.lease.kind,
        metadata: { name: this.name, namespace: this.namespace },
        spec: this.desiredSpec(undefined, now),
      };
      try {
        this.see(await this.client.create<Lease>(fresh), callbacks);
        return true;
      } catch (error) {
        if (error instanceof KubeApiError && error.code === 409) return false; // another candidate created it first
        throw error;
      }
    }
    this.see(lease, callbacks);
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== '' && holder !== this.identity && !this.expired(lease)) return false;
    try {
      this.see(await this.client.update<Lease>(this.withSpec(lease, this.desiredSpec(lease.spec, now)), {}), callbacks);
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 409) return false; // someone else wrote it first
      throw error;
    }
  }

  /** The lease spec with us holding it, renewed `now`. */
  private desiredSpec(current: LeaseSpec | undefined, now: number): LeaseSpec {
    const ours = current?.holderIdentity === this.identity;
    const transitions = current?.leaseTransitions ?? 0;
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationMs / 1000,
      acquireTime: ours && current?.acquireTime ? current.acquireTime : microTime(now),
      renewTime: microTime(now),
      // A handover counts as a transition; a first acquisition of a fresh lease does not.
      leaseTransitions: ours || current === undefined ? transitions : transitions + 1,
    };
  }

  private withSpec(lease: Lease, spec: LeaseSpec): Lease {
    // metadata.resourceVersion stays: it is the precondition of the update.
    return {
      apiVersion: RESOURCE.lease.apiVersion,
      kind: RESOURCE.lease.kind,
      metadata: lease.metadata,
      spec: { ...lease.spec, ...spec },
    };
  }

  /**
   * Judged, as client-go does, from when this replica saw the lease change, never from the
   * holder's renewTime: that is another machine's clock, and a skew between the two would let two
   * replicas lead at once.
   */
  private expired(lease: Lease): boolean {
    const durationMs = (lease.spec?.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
    return this.observedAt + durationMs < performance.now();
  }

  /** Record the lease as observed (its observation time changes only when its version does). */
  private see(lease: Lease, callbacks: LeaderCallbacks): void {
    const previous = this.observed;
    if (previous?.metadata.resourceVersion !== lease.metadata.resourceVersion) this.observedAt = performance.now();
    this.observed = lease;
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder && holder !== (previous?.spec?.holderIdentity ?? '')) {
      this.logger.info({ holder }, 'new leader');
      try {
        callbacks.onNewLeader?.(holder);
      } catch (error) {
        this.logger.error({ err: error }, 'onNewLeader threw');
      }
    }
  }

  /** Hand the lease over: empty holder, 1 s duration, only if it is still ours at the version we know. */
  private async writeRelease(): Promise<void> {
    const lease = this.observed;
    if (!lease || lease.spec?.holderIdentity !== this.identity) return;
    const now = microTime(Date.now());
    try {
      this.observed = await this.client.update<Lease>(
        this.withSpec(lease, {
          holderIdentity: '',
          leaseDurationSeconds: 1,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: lease.spec?.leaseTransitions ?? 0,
        }),
        {},
      );
      this.logger.info('released the lease');
    } catch (error) {
      // Not fatal: the lease then simply expires.
      this.logger.warn({ err: error }, 'releasing the lease failed; it will expire instead');
    }
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    this.status?.leading(leading);
  }
}

/** `promise`, or `fallback` if it has not settled within `ms` (the promise keeps running). */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
