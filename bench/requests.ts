/**
 * Requests of an idle runner: once every REC is Running and the runner has written nothing for a
 * while, one full resync (every REC reconciled once, as the periodic timer does) must make no
 * write and, reading only from its caches, no request at all. Watches are left out (an informer
 * re-opens its watch when the server ends it, every 5-10 minutes, idle or not); there are no Lease
 * renewals to leave out: the bench's runner runs without leader election.
 */
import { RESOURCE } from '../lib/kube/resources.js';
import { sleep, waitFor } from './kube.js';
import type { NamespaceWatch } from './observe.js';
import type { RunnerSession } from './runner-session.js';

export interface IdleResult {
  readonly recs: number;
  /** Reconciles the resync caused (should be one per REC). */
  readonly reconciles: number;
  /** Requests other than WATCH, and writes among them, during the resync. */
  readonly requests: number;
  readonly writes: number;
  readonly byVerb: Record<string, number>;
  /** False when the RECs did not all reach Running in time (the figure is then of a busier runner). */
  readonly settled: boolean;
}

/** Every REC Running and converged, then no runner write for `quietMs`. */
export async function waitIdle(
  session: RunnerSession,
  watch: NamespaceWatch,
  n: number,
  timeoutMs: number,
  quietMs = 3000,
): Promise<boolean> {
  let settled = true;
  try {
    await waitFor(
      `${n} RECs Running`,
      () => {
        const recs = watch.list(RESOURCE.redisEnterpriseCluster) as { status?: { state?: string } }[];
        return recs.length === n && recs.every((r) => r.status?.state === 'Running');
      },
      timeoutMs,
      250,
    );
  } catch {
    settled = false;
  }
  let last = session.counter.writes();
  let quietSince = Date.now();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await sleep(250);
    const now = session.counter.writes();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
  return settled;
}

export async function idleResync(
  session: RunnerSession,
  n: number,
  settled: boolean,
  timeoutMs: number,
): Promise<IdleResult> {
  const before = await session.reconciles();
  session.counter.reset();
  session.resync();
  await waitFor('the resync to be reconciled', async () => (await session.reconciles()) >= before + n, timeoutMs, 50);
  // A reconcile that wrote would be counted as its request's response arrived, before it ended;
  // this pause only catches a straggler event it might have caused.
  await sleep(500);
  const snapshot = session.counter.snapshot();
  const byVerb = Object.fromEntries(
    Object.entries(snapshot).filter(([k]) => k.includes(' ') && !k.startsWith('WATCH ')),
  );
  const requests = Object.values(byVerb).reduce((a, b) => a + b, 0);
  return {
    recs: n,
    reconciles: (await session.reconciles()) - before,
    requests,
    writes: session.counter.writes(),
    byVerb,
    settled,
  };
}
