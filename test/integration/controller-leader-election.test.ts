// Leader election on a real coordination.k8s.io/v1 Lease: of several candidates exactly one leads;
// release() hands over at once; a leader that stops renewing (killed, or its API calls failing) is
// replaced only after its lease expired.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeClient } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import {
  createRegistry,
  LeaderElector,
  type Lease,
  type LeaderElectorOptions,
  type Registry,
} from '../../lib/controller/index.js';
import { testClient, uniqueName, waitFor, withNamespace } from '../support/cluster.js';

// Short periods keep the test quick; the relations between them are client-go's.
const TIMING = { leaseDurationSeconds: 4, renewDeadlineSeconds: 3, retryPeriodSeconds: 0.5 };

interface Candidate {
  elector: LeaderElector;
  /** Aborts run() without releasing (as if the process died). */
  kill: AbortController;
  running: Promise<void>;
  started: number;
  stopped: number;
  /** The signal onStartedLeading got. */
  leadership?: AbortSignal;
  /** Set once the "work" (started in onStartedLeading) has wound down after the signal aborted. */
  workStopped: boolean;
}

function candidate(options: LeaderElectorOptions): Candidate {
  const c: Candidate = {
    elector: new LeaderElector(options),
    kill: new AbortController(),
    running: Promise.resolve(),
    started: 0,
    stopped: 0,
    workStopped: false,
  };
  c.running = c.elector.run(
    {
      onStartedLeading: async (signal) => {
        c.started++;
        c.leadership = signal;
        // The leader's work: runs until the signal aborts, then takes a moment to wind down.
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        await new Promise((resolve) => setTimeout(resolve, 200));
        c.workStopped = true;
      },
      onStoppedLeading: () => {
        c.stopped++;
      },
    },
    c.kill.signal,
  );
  return c;
}

async function readLease(client: KubeClient, namespace: string, name: string): Promise<Lease | undefined> {
  return client.get<Lease>(RESOURCE.lease, namespace, name);
}

/** Samples the candidates every 25 ms for `ms`, failing if two ever lead at once. */
async function assertNeverTwoLeaders(candidates: Candidate[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const leaders = candidates.filter((c) => c.elector.isLeader()).map((c) => c.elector.identity);
    assert.ok(leaders.length <= 1, `two leaders at once: ${leaders.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function masterStatus(registry: Registry, name: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric('leader_election_master_status');
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.find((v) => v.labels.name === name)?.value;
}

describe('LeaderElector (real API server)', () => {
  it('of five candidates racing for a new lease exactly one leads, and the lease names it', async (t) => {
    const client = testClient(t);
    const namespace = await withNamespace(t, 'ctl-le-race');
    const name = uniqueName('lease');
    const candidates = Array.from({ length: 5 }, (_, i) =>
      candidate({ client, namespace, name, identity: `candidate-${i}`, ...TIMING }),
    );
    t.after(async () => {
      for (const c of candidates) c.kill.abort();
      await Promise.all(candidates.map((c) => c.running));
    });

    const leader = await waitFor(() => candidates.find((c) => c.elector.isLeader()), {
      description: 'a leader',
      timeoutMs: 15_000,
    });
    assert.ok(leader);
    // Longer than a lease duration: renewals keep the lease, nobody else takes it.
    await assertNeverTwoLeaders(candidates, (TIMING.leaseDurationSeconds + 1) * 1000);
    assert.ok(leader.elector.isLeader(), 'the leader kept the lease by renewing it');
    const lease = await readLease(client, namespace, name);
    assert.equal(lease?.spec?.holderIdentity, leader.elector.identity);
    assert.equal(lease?.spec?.leaseDurationSeconds, TIMING.leaseDurationSeconds);
    assert.equal(lease?.spec?.leaseTransitions, 0);
    assert.match(lease?.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(
      candidates.reduce((n, c) => n + c.started, 0),
      1,
      'onStartedLeading ran once, in one candidate',
    );
    for (const c of candidates)
      assert.equal(c.elector.getLeader(), leader.elector.identity, `${c.elector.identity} sees the leader`);
  });

  it("release() hands the lease over at once, after the leader's work has stopped", async (t) => {
    const client = testClient(t);
    const namespace = await withNamespace(t, 'ctl-le-release');
    const name = uniqueName('lease');
    const registry = createRegistry({ defaultMetrics: false });
    const first = candidate({ client, namespace, name, identity: 'first', registry, ...TIMING });
    t.after(() => first.kill.abort());
    await waitFor(() => first.elector.isLeader(), { description: 'first leads', timeoutMs: 15_000 });
    assert.equal(await masterStatus(registry, name), 1);

    const second = candidate({ client, namespace, name, identity: 'second', ...TIMING });
    t.after(async () => {
      second.kill.abort();
      await second.running;
    });
    await assertNeverTwoLeaders([first, second], 1500);
    assert.equal(second.elector.isLeader(), false, 'a held lease is not taken');

    const releasedAt = Date.now();
    await first.elector.release();
    assert.equal(first.workStopped, true, 'release() waited for the work to stop before handing over');
    assert.equal(first.leadership?.aborted, true);
    assert.equal(first.elector.isLeader(), false);
    assert.equal(first.stopped, 1);
    assert.equal(await masterStatus(registry, name), 0);
    await first.running;

    await waitFor(() => second.elector.isLeader(), {
      description: 'second takes over',
      timeoutMs: TIMING.leaseDurationSeconds * 1000,
    });
    const takeoverMs = Date.now() - releasedAt;
    assert.ok(
      takeoverMs < (TIMING.leaseDurationSeconds - 1) * 1000,
      `took over in ${takeoverMs} ms, well within the ${TIMING.leaseDurationSeconds} s lease`,
    );
    const lease = await readLease(client, namespace, name);
    assert.equal(lease?.spec?.holderIdentity, 'second');
    assert.equal(lease?.spec?.leaseTransitions, 1);
    assert.equal(
      lease?.spec?.leaseDurationSeconds,
      TIMING.leaseDurationSeconds,
      'the new holder writes its own duration again',
    );
  });

  it('a leader that stops renewing without releasing is replaced only after its lease expired', async (t) => {
    const client = testClient(t);
    const namespace = await withNamespace(t, 'ctl-le-expiry');
    const name = uniqueName('lease');
    const first = candidate({ client, namespace, name, identity: 'first', ...TIMING });
    await waitFor(() => first.elector.isLeader(), { description: 'first leads', timeoutMs: 15_000 });
    const second = candidate({ client, namespace, name, identity: 'second', ...TIMING });
    t.after(async () => {
      second.kill.abort();
      await second.running;
    });
    await assertNeverTwoLeaders([first, second], 1000);

    // Kill the first (no release): it stops leading and renewing at once.
    first.kill.abort();
    await first.running;
    assert.equal(first.elector.isLeader(), false);
    assert.equal(first.stopped, 1);
    assert.equal(first.leadership?.aborted, true);
    const lastByFirst = await readLease(client, namespace, name);
    assert.equal(lastByFirst?.spec?.holderIdentity, 'first', 'a kill does not release');

    await waitFor(() => second.elector.isLeader(), {
      description: 'second takes over after expiry',
      timeoutMs: (TIMING.leaseDurationSeconds + 6) * 1000,
    });
    const taken = await readLease(client, namespace, name);
    assert.equal(taken?.spec?.holderIdentity, 'second');
    assert.equal(taken?.spec?.leaseTransitions, 1);
    // Server-recorded times, not test timing: the new holder acquired after the old lease expired.
    const expiredAt = Date.parse(lastByFirst?.spec?.renewTime ?? '') + TIMING.leaseDurationSeconds * 1000;
    const acquiredAt = Date.parse(taken?.spec?.acquireTime ?? '');
    assert.ok(
      acquiredAt >= expiredAt,
      `acquired at ${taken?.spec?.acquireTime}, before the lease renewed at ${lastByFirst?.spec?.renewTime} expired`,
    );
  });

  it('a leader whose renewals fail stops leading within its renew deadline, before anyone else may lead', async (t) => {
    const client = testClient(t);
    const namespace = await withNamespace(t, 'ctl-le-deadline');
    const name = uniqueName('lease');
    // The first candidate's API calls start failing on demand (as if partitioned from the server).
    let partitioned = false;
    const failing = (): never => {
      throw new Error('simulated: connect ETIMEDOUT');
    };
    const flaky: LeaderElectorOptions['client'] = {
      get: (...args) => (partitioned ? Promise.reject(new Error('simulated: connect ETIMEDOUT')) : client.get(...args)),
      create: (...args) => (partitioned ? Promise.resolve().then(failing) : client.create(...args)),
      update: (...args) => (partitioned ? Promise.resolve().then(failing) : client.update(...args)),
    };
    const first = candidate({ client: flaky, namespace, name, identity: 'first', ...TIMING });
    t.after(async () => {
      first.kill.abort();
      await first.running;
    });
    await waitFor(() => first.elector.isLeader(), { description: 'first leads', timeoutMs: 15_000 });
    const second = candidate({ client, namespace, name, identity: 'second', ...TIMING });
    t.after(async () => {
      second.kill.abort();
      await second.running;
    });

    partitioned = true;
    const lastRenew = await readLease(client, namespace, name);
    await waitFor(() => !first.elector.isLeader(), {
      description: 'first gives up leading',
      timeoutMs: (TIMING.renewDeadlineSeconds + 3) * 1000,
    });
    assert.equal(first.stopped, 1);
    assert.equal(first.leadership?.aborted, true);
    // It gave up before its lease expired, so nobody else could have led yet.
    assert.equal(second.elector.isLeader(), false);
    const stillFirst = await readLease(client, namespace, name);
    assert.equal(stillFirst?.spec?.holderIdentity, 'first');

    await waitFor(() => second.elector.isLeader(), {
      description: 'second takes over after expiry',
      timeoutMs: (TIMING.leaseDurationSeconds + 6) * 1000,
    });
    assert.equal(first.elector.isLeader(), false);
    const taken = await readLease(client, namespace, name);
    assert.ok(
      Date.parse(taken?.spec?.acquireTime ?? '') >=
        Date.parse(lastRenew?.spec?.renewTime ?? '') + TIMING.leaseDurationSeconds * 1000,
    );
  });

  it('rejects periods that break the leader-gives-up-first rule', () => {
    const client = {
      get: async () => undefined,
      create: async () => assert.fail(),
      update: async () => assert.fail(),
    } as unknown as LeaderElectorOptions['client'];
    assert.throws(
      () =>
        new LeaderElector({ client, namespace: 'n', name: 'l', leaseDurationSeconds: 10, renewDeadlineSeconds: 10 }),
      /must be greater than renewDeadlineSeconds/,
    );
    assert.throws(
      () => new LeaderElector({ client, namespace: 'n', name: 'l', renewDeadlineSeconds: 2, retryPeriodSeconds: 2 }),
      /1.2 \* retryPeriodSeconds/,
    );
  });
});
