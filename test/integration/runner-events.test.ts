/**
 * The runner's Events on a real API server: a repeat patches the count of the Event it repeats,
 * and once that Event is gone (deleted here; the API server's TTL does the same after an hour)
 * the next repeat is recorded again instead of being lost to a 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { runnerNamespaceForFile } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import type { RunnerProcess } from './helpers/runner-process.js';
import { recManifest, recsIn } from './helpers/recs-in-namespace.js';

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess;
const CORE_EVENT = resourceFor('v1', 'Event');
type Event = KubeObject & { reason: string; message: string; count?: number };

runnerNamespaceForFile('rec-events', {
  runnerArgs: [],
  made: (made) => ({ cluster, ns } = made),
  started: (started) => (runner = started),
});

const driftEvents = async (): Promise<Event[]> =>
  (
    await cluster.client.list<Event>(CORE_EVENT, { namespace: ns, fieldSelector: 'involvedObject.name=ev' })
  ).items.filter((e) => e.reason === 'DriftCorrected');

/** Resolves with the REC's one DriftCorrected Event once there is exactly one. */
const theOneDriftEvent = (what: string) =>
  waitFor(
    what,
    async () => {
      const events = await driftEvents();
      return events.length === 1 ? events[0] : undefined;
    },
    10_000,
  );

/** Delete the UI Service by hand and wait for the runner to restore it (a new uid). */
async function deleteUiService(): Promise<void> {
  const before = await cluster.client.get(RESOURCE.service, ns, 'ev-ui');
  assert.ok(before);
  await cluster.client.delete(RESOURCE.service, ns, 'ev-ui');
  await recsIn(cluster.client, ns).recreated(RESOURCE.service, 'ev-ui', before.metadata.uid, 20_000);
}

test('a repeated event counts on its Event; deleted, the Event is created again by the next repeat', async () => {
  await cluster.client.apply(recManifest(ns, 'ev'), { fieldManager: 'rec-cdk8s-tests' });
  await waitFor('ev-ui created', () => cluster.client.get(RESOURCE.service, ns, 'ev-ui'), 30_000);

  await deleteUiService();
  const first = await theOneDriftEvent('one DriftCorrected event');
  assert.match(first.message, /Service ev-ui \(deleted\)/);

  await deleteUiService();
  await waitFor(
    'its count at 2',
    async () => (await driftEvents()).find((e) => e.metadata.name === first.metadata.name)?.count === 2,
    30_000,
  );
  assert.equal((await driftEvents()).length, 1, 'a repeat adds no Event');

  // Gone, as after the API server's event TTL: the next repeat must still be told.
  await cluster.client.delete(CORE_EVENT, ns, first.metadata.name);
  await deleteUiService();
  const again = await theOneDriftEvent('the DriftCorrected event recorded again');
  assert.equal(again.message, first.message);
  assert.equal(again.count, 3, 'created again with the count so far, as client-go does');
  assert.doesNotMatch(runner.logs(), /could not record an event/);
});
