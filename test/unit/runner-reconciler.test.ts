// The reconcile of one REC, step by step, through its narrow client (ReconcilerClient): what it
// decides to write, what it tells, and what it remembers. The objects stand in a map that is both
// the "API server" and the caches, so a write is seen by the next reconcile at once. What the API
// server does with the writes (server-side apply, garbage collection, admission) is tested against
// a real one in test/integration/runner*.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeApiError, type KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, type ResourceType } from '../../lib/kube/resources.js';
import { silentLogger } from '../../lib/controller/logger.js';
import { ClusterReconciler, type ReconcilerClient } from '../../lib/runner/reconciler.js';
import { NodeReaderBindingWriter } from '../../lib/runner/node-reader-binding.js';
import { RACK_AWARE_RECS_ANNOTATION } from '../../lib/runner/node-reader-subjects.js';
import { outcomeEvents } from '../../lib/runner/outcome.js';
import { CLEANUP_FINALIZER } from '../../lib/runner/names.js';
import { SecretStore } from '../../lib/runner/secret-store.js';
import type { ObjectCache } from '../../lib/runner/object-cache.js';
import type { EventType } from '../../lib/runner/events.js';

const NS = 'redis';
const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? ''}/${name}`;
const clone = <T>(value: T): T => structuredClone(value);

type Stored = KubeObject & { status?: Record<string, unknown>; data?: Record<string, string> };

/** Objects by kind, namespace and name; every request the reconciler makes, as `VERB Kind name`. */
class Objects implements ReconcilerClient {
  readonly store = new Map<string, Stored>();
  readonly calls: string[] = [];
  /** Makes the next matching request fail once. */
  failOnce: { verb: string; kind: string; name: string; error: Error } | undefined;
  private uids = 0;

  put(object: KubeObject): Stored {
    const stored = clone(object) as Stored;
    stored.metadata.uid ??= `uid-${++this.uids}`;
    this.store.set(key(object.kind, object.metadata.namespace, object.metadata.name), stored);
    return stored;
  }
  find(kind: string, name: string, namespace: string | undefined = NS): Stored | undefined {
    return this.store.get(key(kind, namespace, name));
  }
  writes(): string[] {
    return this.calls.filter((c) => !c.startsWith('GET '));
  }

  /** Every request is answered asynchronously, as over the network; a failure is a rejection. */
  private async request(verb: string, kind: string, name: string): Promise<void> {
    this.calls.push(`${verb} ${kind} ${name}`);
    await Promise.resolve();
    const fail = this.failOnce;
    if (fail && fail.verb === verb && fail.kind === kind && fail.name === name) {
      this.failOnce = undefined;
      throw fail.error;
    }
  }

  async get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string) {
    await this.request('GET', type.kind, name);
    const found = this.store.get(key(type.kind, type.namespaced ? namespace : undefined, name));
    return found ? (clone(found) as unknown as T) : undefined;
  }
  async create<T extends KubeObject>(object: KubeObject) {
    await this.request('CREATE', object.kind, object.metadata.name);
    if (this.find(object.kind, object.metadata.name, object.metadata.namespace))
      throw new KubeApiError(409, 'AlreadyExists', `${object.metadata.name} exists`);
    return clone(this.put(object)) as unknown as T;
  }
  async apply<T extends KubeObject>(object: KubeObject, options: { subresource?: 'status' }) {
    if (options.subresource === 'status') {
      await this.request('APPLY', `${object.kind}/status`, object.metadata.name);
      const stored = this.find(object.kind, object.metadata.name, object.metadata.namespace)!;
      stored.status = clone(object.status) as Record<string, unknown>;
      return clone(stored) as unknown as T;
    }
    await this.request('APPLY', object.kind, object.metadata.name);
    const before = this.find(object.kind, object.metadata.name, object.metadata.namespace);
    const stored = this.put({
      ...clone(object),
      metadata: {
        ...clone(object.metadata),
        ...(before?.metadata.uid ? { uid: before.metadata.uid } : {}),
        // The finalizer has a field manager of its own: an apply without it keeps it.
        ...(before?.metadata.finalizers ? { finalizers: before.metadata.finalizers } : {}),
      },
      // Likewise the password, which has a field manager of its own.
      ...(before?.data ? { data: { ...before.data, ...(object.data as Record<string, string>) } } : {}),
      ...(before?.status ? { status: before.status } : {}),
    });
    return clone(stored) as unknown as T;
  }
  async patch<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, body: unknown) {
    await this.request('PATCH', type.kind, name);
    const stored = this.find(type.kind, name, namespace)!;
    if (Array.isArray(body)) {
      // The JSON patch that removes the cleanup finalizer: test, then remove, at one index.
      for (const op of body as { op: string; path: string; value?: string }[]) {
        const index = Number(op.path.split('/').at(-1));
        if (op.op === 'test') assert.equal(stored.metadata.finalizers?.[index], op.value);
        if (op.op === 'remove') stored.metadata.finalizers?.splice(index, 1);
      }
    } else Object.assign(stored, clone(body));
    return clone(stored) as unknown as T;
  }
  /** PUT, as the node-reader binding's writer uses it (not a request of ReconcilerClient). */
  async update<T extends KubeObject>(object: KubeObject) {
    await this.request('UPDATE', object.kind, object.metadata.name);
    return clone(this.put(object)) as unknown as T;
  }
  async delete(type: ResourceType, namespace: string | undefined, name: string) {
    await this.request('DELETE', type.kind, name);
    return this.store.delete(key(type.kind, type.namespaced ? namespace : undefined, name));
  }

  /** The same objects as the informers' caches would hold them. */
  readonly cache: ObjectCache = {
    get: (type, namespace, name) => this.store.get(key(type.kind, type.namespaced ? namespace : undefined, name)),
    list: (type, namespace) =>
      [...this.store.values()].filter(
        (o) => o.kind === type.kind && (namespace === undefined || o.metadata.namespace === namespace),
      ),
  };
}

interface Told {
  type: EventType;
  reason: string;
  message: string;
}

function setup(spec: Record<string, unknown> = {}) {
  const objects = new Objects();
  const told: Told[] = [];
  const metrics: string[] = [];
  // As the runner wires it: Secrets are read by name into the secret store, the rest is the informers'.
  const secrets = new SecretStore(objects);
  const cache: ObjectCache = {
    get: (type, namespace, name) =>
      type === RESOURCE.secret ? secrets.get(namespace, name) : objects.cache.get(type, namespace, name),
    list: (type, namespace) =>
      type === RESOURCE.secret ? secrets.list(namespace) : objects.cache.list(type, namespace),
  };
  const reconciler = new ClusterReconciler({
    client: objects,
    cache,
    events: {
      record: (_rec, type, reason, message) => {
        told.push({ type, reason, message });
        return Promise.resolve();
      },
    },
    log: silentLogger(),
    metrics: {
      driftCorrected: (kind) => metrics.push(`drift ${kind}`),
      objectApplied: (kind) => metrics.push(`applied ${kind}`),
      objectPruned: (kind) => metrics.push(`pruned ${kind}`),
      stuckPodDeleted: () => metrics.push('stuck pod deleted'),
    },
    now: () => new Date('2025-01-01T00:00:00Z'),
    secrets,
    // Not watched (no cache of the binding): every decision about it reads it live.
    nodeReader: new NodeReaderBindingWriter(objects),
  });
  const rec = objects.put({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: NS, uid: 'rec-uid', generation: 1 },
    spec: { nodes: 3, ...spec },
  });
  const request = { namespace: NS, name: 'rec' };
  const status = () => objects.find('RedisEnterpriseCluster', 'rec')?.status as Record<string, any> | undefined;
  const conditionOf = (type: string) => status()?.conditions?.find((c: { type: string }) => c.type === type);
  /** The REC's spec edited, as the API server does it: a new generation. */
  const edit = (change: Record<string, unknown>) => {
    rec.spec = { ...(rec.spec as object), ...change };
    rec.metadata.generation = (rec.metadata.generation ?? 0) + 1;
  };
  return { objects, told, metrics, reconciler, rec, request, status, conditionOf, edit, secrets };
}

const reasons = (told: readonly Told[]) => told.map((t) => t.reason);

describe('ClusterReconciler', () => {
  it('a new REC: a password made once, every object applied (workloads in the second wave), the first state told in Created', async () => {
    const { objects, told, reconciler, request, status } = setup();
    assert.equal(await reconciler.reconcile(request), undefined);

    const writes = objects.writes();
    assert.equal(writes[0], 'CREATE Secret rec', 'the credentials Secret first, created with its password');
    assert.ok(writes.includes('APPLY Secret rec'), 'then applied with the rest (its annotations), the password kept');
    assert.ok(objects.find('Secret', 'rec')?.data?.password, 'with a password');
    const applied = writes.filter((w) => w.startsWith('APPLY ') && !w.includes('/status'));
    const at = (object: string) => applied.indexOf(`APPLY ${object}`);
    for (const workload of ['StatefulSet rec', 'Deployment rec-services-rigger', 'RoleBinding rec'])
      for (const needed of ['ServiceAccount rec', 'Role rec', 'Service rec-headless'])
        assert.ok(at(needed) >= 0 && at(needed) < at(workload), `${needed} before ${workload}: ${applied.join(', ')}`);
    assert.equal(writes.at(-1), 'APPLY RedisEnterpriseCluster/status rec', 'the status last');

    assert.equal(status()?.state, 'PendingCreation');
    assert.equal(status()?.specStatus, 'Valid');
    assert.equal(status()?.observedGeneration, 1);
    assert.equal(status()?.clusterCredentialSecretName, 'rec');
    assert.deepEqual(reasons(told), ['Created'], 'one event: the first state is told in Created');
    assert.match(told[0]!.message, /^created ServiceAccount rec, .*Secret rec, .*StatefulSet rec/);
    assert.match(told[0]!.message, /; created Secret rec with a generated admin password; state PendingCreation: /);
    const password = Buffer.from(objects.find('Secret', 'rec')!.data!.password!, 'base64').toString();
    assert.ok(!told[0]!.message.includes(password), 'never the password itself');
  });

  it('at steady state a reconcile writes nothing and tells nothing', async () => {
    const { objects, told, reconciler, request } = setup();
    await reconciler.reconcile(request);
    objects.calls.length = 0;
    told.length = 0;
    await reconciler.reconcile(request);
    await reconciler.reconcile(request);
    assert.deepEqual(objects.writes(), []);
    assert.deepEqual(objects.calls, [], 'not even a read: everything comes from the caches');
    assert.deepEqual(told, []);
  });

  it('an object changed outside the spec is restored and told as drift; a spec edit is an update', async () => {
    const { objects, told, metrics, reconciler, request, edit } = setup();
    await reconciler.reconcile(request);
    told.length = 0;
    objects.store.delete(key('Service', NS, 'rec-ui'));
    objects.find('StatefulSet', 'rec')!.spec = { ...(objects.find('StatefulSet', 'rec')!.spec as object), replicas: 1 };
    await reconciler.reconcile(request);
    assert.deepEqual(reasons(told), ['DriftCorrected']);
    assert.match(told[0]!.message, /Service rec-ui \(deleted\)/);
    assert.match(told[0]!.message, /StatefulSet rec \(spec\.replicas\)/);
    assert.deepEqual(
      metrics.filter((m) => m.startsWith('drift')).sort(),
      ['drift Service', 'drift StatefulSet'],
      'counted by kind',
    );

    told.length = 0;
    edit({ uiServiceType: 'NodePort' });
    await reconciler.reconcile(request);
    assert.deepEqual(reasons(told), ['Updated']);
    assert.match(told[0]!.message, /^updated .*Service rec-ui/);
  });

  it('an invalid spec: nothing applied, the status says why, one event while the problem stays', async () => {
    const { objects, told, reconciler, request, status, conditionOf } = setup({ nodes: 4 });
    await reconciler.reconcile(request);
    await reconciler.reconcile(request);
    assert.deepEqual(objects.writes(), ['APPLY RedisEnterpriseCluster/status rec'], 'only the status');
    assert.equal(status()?.state, 'Invalid');
    assert.equal(status()?.specStatus, 'Invalid');
    assert.match(conditionOf('SpecValid')?.message, /spec\.nodes: must be odd and at least 3 \(got 4\)/);
    assert.deepEqual(reasons(told), ['InvalidConfiguration', 'Invalid'], 'the problem, then the new state');
    assert.match(told[0]!.message, /; nothing was applied$/);
  });

  it('credentials missing on a cluster that already has a password: nothing applied, the status says what to do, a look again soon', async () => {
    const { objects, told, reconciler, request, status, conditionOf } = setup();
    // A StatefulSet of the cluster: it has a password, which lives only in its Secret.
    objects.put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'rec', namespace: NS } });
    const result = await reconciler.reconcile(request);
    assert.deepEqual(result, { requeueAfterMs: 10_000 });
    assert.deepEqual(objects.writes(), ['APPLY RedisEnterpriseCluster/status rec'], 'no Secret made, nothing applied');
    assert.equal(status()?.state, 'Error');
    assert.equal(conditionOf('Reconciled')?.reason, 'CredentialsMissing');
    assert.match(
      conditionOf('Reconciled')?.message,
      /^Secret rec does not exist, and the cluster already has a password/,
    );
    assert.deepEqual(reasons(told), ['CredentialsMissing', 'Error']);

    told.length = 0;
    assert.deepEqual(await reconciler.reconcile(request), { requeueAfterMs: 10_000 });
    assert.deepEqual(told, [], 'told once while it stays so');
  });

  it('an apply that fails: the error goes back to the queue, the status and an event name the object; the retry is no drift', async () => {
    const { objects, told, reconciler, request, status, conditionOf } = setup();
    objects.failOnce = {
      verb: 'APPLY',
      kind: 'Service',
      name: 'rec-ui',
      error: new KubeApiError(422, 'Invalid', 'Service "rec-ui" is invalid'),
    };
    await assert.rejects(
      reconciler.reconcile(request),
      /applying Service rec-ui: 422 Invalid: Service "rec-ui" is invalid/,
    );
    assert.ok(objects.find('ServiceAccount', 'rec'), 'the rest of the wave went out');
    assert.equal(objects.find('StatefulSet', 'rec'), undefined, 'the second wave did not');
    assert.equal(status()?.state, 'Error');
    assert.equal(conditionOf('Reconciled')?.reason, 'ApplyFailed');
    assert.deepEqual(reasons(told), ['PasswordCreated', 'ApplyFailed', 'Error']);

    told.length = 0;
    await reconciler.reconcile(request);
    assert.deepEqual(reasons(told), ['Created', 'PendingCreation']);
    assert.match(told[0]!.message, /^created Service rec-ui, /, 'only what was missing');
    assert.doesNotMatch(told[0]!.message, /ServiceAccount/);
  });

  it('a StatefulSet change it cannot take: the StatefulSet is left as it is, the condition and an event say which field', async () => {
    const { objects, told, reconciler, request, conditionOf } = setup();
    await reconciler.reconcile(request);
    const sts = objects.find('StatefulSet', 'rec')!;
    sts.spec = { ...(sts.spec as object), serviceName: 'another' };
    told.length = 0;
    objects.calls.length = 0;
    await reconciler.reconcile(request);
    assert.ok(!objects.writes().includes('APPLY StatefulSet rec'));
    assert.equal(conditionOf('Reconciled')?.reason, 'ImmutableFieldChange');
    assert.deepEqual(reasons(told), ['ImmutableFieldChange']);
    assert.match(told[0]!.message, /^spec\.serviceName cannot change on an existing StatefulSet/);
  });

  it('an ingress method the install does not enable: nothing applied, not even the password; the status names the flag', async () => {
    const { objects, told, reconciler, request, status, conditionOf } = setup({
      ingressOrRouteSpec: { method: 'istio', apiFqdnUrl: 'api.example.com', dbFqdnSuffix: '-db.example.com' },
    });
    assert.equal(await reconciler.reconcile(request), undefined);
    assert.deepEqual(objects.writes(), ['APPLY RedisEnterpriseCluster/status rec'], 'only the status');
    assert.equal(status()?.state, 'Error');
    assert.equal(conditionOf('Reconciled')?.reason, 'IngressMethodNotEnabled');
    assert.match(conditionOf('Ready')?.message, /rec-cdk8s install --istio/);
    assert.deepEqual(reasons(told), ['IngressMethodNotEnabled', 'Error']);
    told.length = 0;
    await reconciler.reconcile(request);
    assert.deepEqual(reasons(told), [], 'told once, not at every reconcile');
  });

  it('a rack-aware REC: our finalizer, then its ServiceAccount in the node-reader binding, before any pod is applied', async () => {
    const { objects, told, reconciler, request } = setup({
      rackAwarenessNodeLabel: 'topology.kubernetes.io/zone',
    });
    objects.put({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'redis-enterprise-node-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'redis-enterprise-node-reader' },
    });
    await reconciler.reconcile(request);
    const writes = objects.writes();
    const finalizer = writes.indexOf('APPLY RedisEnterpriseCluster rec');
    const granted = writes.indexOf('UPDATE ClusterRoleBinding redis-enterprise-node-reader');
    assert.ok(finalizer >= 0 && finalizer < granted, writes.join(', '));
    assert.ok(granted < writes.indexOf('APPLY StatefulSet rec'), writes.join(', '));
    assert.ok(objects.find('RedisEnterpriseCluster', 'rec')?.metadata.finalizers?.includes(CLEANUP_FINALIZER));
    const binding = objects.store.get(key('ClusterRoleBinding', undefined, 'redis-enterprise-node-reader'))!;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'rec', namespace: NS }]);
    assert.equal(binding.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION], JSON.stringify({ [`${NS}/rec`]: 'rec' }));
    assert.match(told[0]!.message, /^created ServiceAccount rec in ClusterRoleBinding redis-enterprise-node-reader, /);
  });

  it('the reconcile of a REC that is gone forgets it, and the Secrets read for it', async () => {
    const { objects, reconciler, request, secrets } = setup();
    await reconciler.reconcile(request);
    assert.equal(reconciler.remembered, 1);
    assert.ok(secrets.get(NS, 'rec'), 'the credentials Secret is remembered');
    objects.store.delete(key('RedisEnterpriseCluster', NS, 'rec'));
    objects.calls.length = 0;
    assert.equal(await reconciler.reconcile(request), undefined);
    assert.deepEqual(objects.calls, [], 'a REC that is gone costs no request');
    assert.equal(reconciler.remembered, 0, 'forgotten');
    assert.equal(
      secrets.get(NS, 'rec'),
      undefined,
      'its Secrets too: a REC re-created under its name reads them again',
    );
  });

  it('a REC being deleted: the status says Deleting; its ServiceAccount leaves the node-reader binding, then exactly our finalizer', async () => {
    const { objects, reconciler, request, rec, status } = setup();
    rec.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
    rec.metadata.finalizers = ['foregroundDeletion', CLEANUP_FINALIZER];
    objects.put({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: 'redis-enterprise-node-reader',
        annotations: { [RACK_AWARE_RECS_ANNOTATION]: JSON.stringify({ [`${NS}/rec`]: 'rec' }) },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'redis-enterprise-node-reader' },
      subjects: [
        { kind: 'ServiceAccount', name: 'rec', namespace: NS },
        { kind: 'ServiceAccount', name: 'someone-else', namespace: NS },
      ],
    });
    await reconciler.reconcile(request);
    assert.equal(status()?.state, 'Deleting');
    assert.deepEqual(objects.writes(), [
      'APPLY RedisEnterpriseCluster/status rec',
      'UPDATE ClusterRoleBinding redis-enterprise-node-reader',
      'PATCH RedisEnterpriseCluster rec',
    ]);
    const binding = objects.store.get(key('ClusterRoleBinding', undefined, 'redis-enterprise-node-reader'))!;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'someone-else', namespace: NS }]);
    assert.equal(binding.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION], undefined);
    assert.deepEqual(rec.metadata.finalizers, ['foregroundDeletion'], 'the garbage collector keeps its own');
  });
});

describe('outcomeEvents', () => {
  it('tells what was created (with the password and the first state), updated, restored, pruned and refused, in that order', () => {
    const outcome = {
      created: ['Service a'],
      updated: ['Service b'],
      drifted: ['Service c (deleted)'],
      pruned: ['Deployment d'],
      blocked: { field: 'spec.selector' },
    };
    assert.deepEqual(
      outcomeEvents(outcome, 'created Secret s with a generated admin password', {
        state: 'PendingCreation',
        message: '0/3 nodes ready',
      }).map((e) => `${e.type} ${e.reason}: ${e.message}`),
      [
        'Normal Created: created Service a; created Secret s with a generated admin password; state PendingCreation: 0/3 nodes ready',
        'Normal Updated: updated Service b',
        'Warning DriftCorrected: restored what was changed outside the spec: Service c (deleted)',
        'Normal Pruned: deleted what the spec no longer asks for: Deployment d',
        'Warning ImmutableFieldChange: spec.selector cannot change on an existing StatefulSet; the StatefulSet was left as it is',
      ],
    );
    const none = { created: [], updated: [], drifted: [], pruned: [] };
    assert.deepEqual(
      outcomeEvents(none, 'generated the admin password in Secret s').map((e) => e.reason),
      ['PasswordCreated'],
      'a password made with nothing created is told on its own',
    );
    assert.deepEqual(outcomeEvents(none), []);
  });
});
