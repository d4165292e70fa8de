/**
 * Requests of an idle runner: once every REC is Running and the runner has written nothing for a
 * while, one full resync (every REC reconciled once, as the periodic timer does) must make no
 * write and, reading only from its caches, no request at all. Watches are left out (an informer
 * re-opens its watch when the server ends it, every 5-10 minutes, idle or not); there are no Lease
 * renewals to leave out: the bench's runner runs without leader election.
 *
 * One REC among them is rack-aware: its ServiceAccount is a subject of the install's node-reader
 * ClusterRoleBinding, which the runner watches by name (the bench's runner runs as the admin, so
 * it may, as an all-namespaces install's runner may), so that REC's resync, and the sweep of the
 * binding the resync also runs, must cost nothing either.
 */
import { RESOURCE } from '../lib/kube/resources.js';
import { recManifest, sleep, waitFor, type Kube } from './kube.js';
import type { NamespaceWatch } from './observe.js';
import type { RunnerSession } from './runner-session.js';

export interface IdleResult {
  /** The RECs of the convergence run the resync follows, not counting the rack-aware one. */
  readonly recs: number;
  /** Rack-aware RECs added for the resync (1; 0 in results from before they were). */
  readonly rackAware: number;
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

/** The rack-aware REC the idle resync includes, in the namespace of the convergence run. */
export const RACK_AWARE_REC = 'rec-rack';

export async function addRackAwareRec(kube: Kube, namespace: string): Promise<void> {
  await kube.client.create({
    ...recManifest(namespace, 0, { nodes: 3, rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }),
    metadata: { name: RACK_AWARE_REC, namespace },
  });
}

/** `n` RECs, `rackAware` of them rack-aware; every key the resync queues reconciled before counting. */
export async function idleResync(
  session: RunnerSession,
  n: number,
  rackAware: number,
  settled: boolean,
  timeoutMs: number,
): Promise<IdleResult> {
  const before = await session.reconciles();
  session.counter.reset();
  session.resync();
  await waitFor(
    'the resync to be reconciled',
    async () => (await session.reconciles()) >= before + n + rackAware && (await session.pending()) === 0,
    timeoutMs,
    50,
  );
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
    rackAware,
    reconciles: (await session.reconciles()) - before,
    requests,
    writes: session.counter.writes(),
    byVerb,
    settled,
  };
}
