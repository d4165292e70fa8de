/**
 * What the install's node-reader binding must say, as the runner computes it: each rack-aware
 * REC's ServiceAccount as a subject and its entry in the record; a subject shared by two RECs
 * stays while either needs it; a subject no entry names (someone else's) is never touched; an
 * unchanged binding is never rewritten. (The writes, and their races, are on the real API server:
 * test/integration/node-reader-binding.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RACK_AWARE_RECS_ANNOTATION,
  listsSubject,
  nodeReaderNeed,
  recordedRecs,
  withRec,
  withRecs,
  type NodeReaderBinding,
} from '../../lib/runner/node-reader-subjects.js';
import {
  NODE_READER_SWEEP_REQUEST,
  isNodeReaderSweep,
  nodeReaderRequests,
} from '../../lib/runner/node-reader-watch.js';
import type { KubeObject } from '../../lib/kube/client.js';

const binding = (
  subjects: NodeReaderBinding['subjects'],
  record?: Record<string, string> | string,
  extraAnnotations: Record<string, string> = {},
): NodeReaderBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: {
    name: 'redis-enterprise-node-reader',
    resourceVersion: '7',
    annotations: {
      ...extraAnnotations,
      ...(record !== undefined
        ? { [RACK_AWARE_RECS_ANNOTATION]: typeof record === 'string' ? record : JSON.stringify(record) }
        : {}),
    },
  },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'redis-enterprise-node-reader' },
  ...(subjects ? { subjects } : {}),
});
const sa = (namespace: string, name: string) => ({ kind: 'ServiceAccount', name, namespace });
const someoneElses = { kind: 'Group', name: 'auditors', apiGroup: 'rbac.authorization.k8s.io' };

test('adding a REC: its ServiceAccount and its entry, in one change; nothing to do once there', () => {
  const empty = binding(undefined);
  const added = withRec(empty, 'team-a/cache', 'cache')!;
  assert.deepEqual(added.subjects, [sa('team-a', 'cache')]);
  assert.deepEqual([...recordedRecs(added)], [['team-a/cache', 'cache']]);
  assert.equal(added.metadata.resourceVersion, '7', 'written back at the version it was read');
  assert.equal(withRec(added, 'team-a/cache', 'cache'), undefined, 'already so: no write');
  assert.ok(listsSubject(added, 'team-a/cache', 'cache'));
  assert.ok(!listsSubject(added, 'team-b/cache', 'cache'), 'the same name in another namespace is another subject');
});

test('a subject taken out by hand is put back; an entry lost is written again', () => {
  const taken = binding([someoneElses], { 'team-a/cache': 'cache' });
  assert.deepEqual(withRec(taken, 'team-a/cache', 'cache')!.subjects, [someoneElses, sa('team-a', 'cache')]);
  const forgotten = binding([sa('team-a', 'cache')]);
  const again = withRec(forgotten, 'team-a/cache', 'cache')!;
  assert.deepEqual(again.subjects, [sa('team-a', 'cache')], 'the subject is not doubled');
  assert.deepEqual([...recordedRecs(again)], [['team-a/cache', 'cache']]);
});

test('two RECs sharing a ServiceAccount: one subject, kept until the last of them goes', () => {
  let b = withRec(binding(undefined), 'team-a/one', 'shared')!;
  b = withRec(b, 'team-a/two', 'shared')!;
  assert.deepEqual(b.subjects, [sa('team-a', 'shared')]);
  b = withRec(b, 'team-a/one', undefined)!;
  assert.deepEqual(b.subjects, [sa('team-a', 'shared')], 'two still needs it');
  assert.deepEqual([...recordedRecs(b)], [['team-a/two', 'shared']]);
  b = withRec(b, 'team-a/two', undefined)!;
  assert.deepEqual(b.subjects, []);
  assert.equal(b.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION], undefined, 'an empty record is no annotation');
  assert.equal(withRec(b, 'team-a/two', undefined), undefined, 'removing what is not there: no write');
});

test("removing never touches what no entry names: someone else's subjects, annotations and order", () => {
  const start = binding(
    [someoneElses, sa('team-a', 'cache'), sa('team-a', 'hand-made')],
    { 'team-a/cache': 'cache' },
    { 'example.com/note': 'kept' },
  );
  const removed = withRec(start, 'team-a/cache', undefined)!;
  assert.deepEqual(removed.subjects, [someoneElses, sa('team-a', 'hand-made')]);
  assert.deepEqual(removed.metadata.annotations, { 'example.com/note': 'kept' });
  // A REC whose ServiceAccount is one someone added by hand before: the entry makes it ours.
  const adopted = withRec(start, 'team-a/other', 'hand-made')!;
  assert.deepEqual(adopted.subjects, start.subjects, 'present already: not added twice');
  assert.deepEqual([...recordedRecs(adopted)].sort(), [
    ['team-a/cache', 'cache'],
    ['team-a/other', 'hand-made'],
  ]);
});

test('a REC whose ServiceAccount changed: the new one in, the old one out, in one change', () => {
  const before = binding([sa('team-a', 'old')], { 'team-a/cache': 'old' });
  const after = withRec(before, 'team-a/cache', 'new')!;
  assert.deepEqual(after.subjects, [sa('team-a', 'new')]);
});

test('the record is written with sorted keys, so the same record never differs in text', () => {
  const a = withRecs(
    binding(undefined),
    new Map([
      ['b/x', 'x'],
      ['a/y', 'y'],
    ]),
  )!;
  assert.equal(a.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION], '{"a/y":"y","b/x":"x"}');
  assert.equal(
    withRecs(
      a,
      new Map([
        ['a/y', 'y'],
        ['b/x', 'x'],
      ]),
    ),
    undefined,
  );
});

test('an unreadable record counts as empty: its subjects are then nobody we know of and stay', () => {
  for (const text of ['{torn', '[]', '"x"', '{"no-slash":"x","a/b":7}']) {
    const unreadable = binding([sa('team-a', 'cache')], text);
    assert.deepEqual([...recordedRecs(unreadable)], [], text);
    assert.deepEqual(withRec(unreadable, 'team-a/other', undefined)?.subjects, [sa('team-a', 'cache')], text);
  }
  assert.deepEqual([...recordedRecs(binding(undefined, { 'a/b': 'c', 'bad key': 'x' }))], [['a/b', 'c']]);
});

test('what a REC asks of the binding: its ServiceAccount while rack-aware and not being deleted', () => {
  const rec = (spec: Record<string, unknown>, deleting = false) => ({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'cache', namespace: 'team-a', ...(deleting ? { deletionTimestamp: 'now' } : {}) },
    spec,
  });
  assert.equal(nodeReaderNeed(rec({ rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' })), 'cache');
  assert.equal(
    nodeReaderNeed(rec({ rackAwarenessNodeLabel: 'topology.kubernetes.io/zone', serviceAccountName: 'redis' })),
    'redis',
  );
  assert.equal(nodeReaderNeed(rec({})), undefined);
  assert.equal(nodeReaderNeed(rec({ rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' }, true)), undefined);
});

test('what a change to the binding wakes: the sweep, and only the RECs the binding does not serve as they need', () => {
  const rec = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { namespace, name },
    spec,
  });
  const served = rec('a', 'served', { rackAwarenessNodeLabel: 'zone' });
  const missing = rec('a-b', 'c', { rackAwarenessNodeLabel: 'zone' });
  const plain = rec('a', 'b-c', {});
  const recs = [served, missing, plain];
  const bound = binding([sa('a', 'served')], { 'a/served': 'served' });
  assert.deepEqual(nodeReaderRequests(bound, recs), [NODE_READER_SWEEP_REQUEST, { namespace: 'a-b', name: 'c' }]);
  // Gone (deleted by hand): every REC that needs it, so each puts its subject back on a new one.
  assert.deepEqual(nodeReaderRequests(undefined, recs), [
    NODE_READER_SWEEP_REQUEST,
    { namespace: 'a', name: 'served' },
    { namespace: 'a-b', name: 'c' },
  ]);
  // The sweep's request is the binding's own (cluster-scoped): never a REC's.
  assert.equal(isNodeReaderSweep(NODE_READER_SWEEP_REQUEST), true);
  assert.equal(isNodeReaderSweep({ namespace: 'a', name: NODE_READER_SWEEP_REQUEST.name }), false);
});
