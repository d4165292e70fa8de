// How the runner tells a delete with orphan propagation from one that deletes, when its look comes
// before or after the garbage collector has orphaned the dependents (the real delete is in
// test/integration/runner-deletion.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeClient, KubeObject } from '../../lib/kube/client.js';
import { orphanedDeletion } from '../../lib/runner/cleanup-finalizer.js';

const rec = (finalizers: string[]) =>
  ({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'cache', namespace: 'redis', uid: 'u1', finalizers, deletionTimestamp: 'now' },
    spec: {},
  }) as never;

/** A client whose live objects are `objects` by kind. */
const live = (objects: Record<string, KubeObject | undefined>) =>
  ({ get: async (type: { kind: string }) => objects[type.kind] }) as unknown as KubeClient;
const sts = (owners: string[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'cache',
    ownerReferences: owners.map((uid) => ({ apiVersion: 'v1', kind: 'X', name: 'cache', uid })),
  },
});

test('orphan propagation: the orphan finalizer says so; after it is gone, the dependents read live do', async () => {
  assert.equal(await orphanedDeletion(live({}), rec(['rec-cdk8s.io/cluster-scoped-cleanup', 'orphan'])), true);
  assert.equal(
    await orphanedDeletion(
      live({ StatefulSet: sts(['u1']) }),
      rec(['rec-cdk8s.io/cluster-scoped-cleanup', 'foregroundDeletion']),
    ),
    false,
  );
  // The garbage collector already orphaned the dependents and removed its finalizer.
  assert.equal(
    await orphanedDeletion(live({ StatefulSet: sts([]) }), rec(['rec-cdk8s.io/cluster-scoped-cleanup'])),
    true,
  );
  // A background delete: the dependents still name the REC.
  assert.equal(
    await orphanedDeletion(live({ StatefulSet: sts(['u1']) }), rec(['rec-cdk8s.io/cluster-scoped-cleanup'])),
    false,
  );
  // The StatefulSet deleted by hand: the Role decides.
  assert.equal(
    await orphanedDeletion(
      live({ Role: { ...sts(['u1']), kind: 'Role' } }),
      rec(['rec-cdk8s.io/cluster-scoped-cleanup']),
    ),
    false,
  );
  // Nothing of it left: nothing to keep the node reader for.
  assert.equal(await orphanedDeletion(live({}), rec(['rec-cdk8s.io/cluster-scoped-cleanup'])), false);
});
