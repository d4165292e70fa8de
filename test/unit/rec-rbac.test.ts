/**
 * The REC's RBAC names and warnings: cluster-scoped names that two RECs can never share, and a
 * warning when the cluster's Role would go to every pod running as `default`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterObjectNames } from '../../lib/names.js';
import { parseSpec } from '../../lib/spec/validate.js';
import type { KubeObject } from '../../lib/kube/client.js';
import { clusterScopedOwner } from '../../lib/runner/cluster-scoped-watch.js';

test("node-reader names: namespace a-b with REC c and namespace a with REC b-c differ ('.' is in no DNS label)", () => {
  assert.notEqual(
    clusterObjectNames('c').nodeReaderClusterRole('a-b'),
    clusterObjectNames('b-c').nodeReaderClusterRole('a'),
  );
  assert.equal(clusterObjectNames('c').nodeReaderClusterRole('a-b'), 'redis-enterprise-node-reader.a-b.c');
  // The node RoleBinding cannot be another REC's `<rec>` RoleBinding either.
  assert.equal(clusterObjectNames('rec').nodeRoleBinding, 'rec.node');
});

test('serviceAccountName default is warned about (with createServiceAccount false or not); a dedicated account is not', () => {
  const shared = parseSpec({ serviceAccountName: 'default', createServiceAccount: false });
  assert.deepEqual(shared.errors, []);
  const warning = shared.warnings.find((w) => w.path === 'spec.serviceAccountName');
  assert.ok(warning, JSON.stringify(shared.warnings));
  assert.match(
    warning.message,
    /every pod of the namespace that runs as ServiceAccount default gets the cluster's Role/,
  );
  assert.ok(
    parseSpec({ serviceAccountName: 'default' }).warnings.some((w) => w.path === 'spec.serviceAccountName'),
    'the namespace has that account whether we create it or not',
  );
  for (const spec of [{}, { serviceAccountName: 'redis', createServiceAccount: false }]) {
    assert.equal(
      parseSpec(spec).warnings.some((w) => w.path === 'spec.serviceAccountName'),
      false,
      JSON.stringify(spec),
    );
  }
});

test('a cluster-scoped object wakes the REC its owner labels name, only if that REC exists', () => {
  const rec = (namespace: string, name: string) =>
    ({
      apiVersion: 'app.redislabs.com/v1',
      kind: 'RedisEnterpriseCluster',
      metadata: { namespace, name },
    }) as KubeObject;
  const binding = (labels: Record<string, string>) =>
    ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'x', labels },
    }) as KubeObject;
  const recs = [rec('a-b', 'c'), rec('a', 'b-c')];
  assert.deepEqual(
    clusterScopedOwner(binding({ 'rec-cdk8s.io/owner-namespace': 'a', 'rec-cdk8s.io/owner-name': 'b-c' }), recs),
    { namespace: 'a', name: 'b-c' },
  );
  assert.deepEqual(
    clusterScopedOwner(binding({ 'rec-cdk8s.io/owner-namespace': 'a-b', 'rec-cdk8s.io/owner-name': 'c' }), recs),
    { namespace: 'a-b', name: 'c' },
  );
  assert.equal(
    clusterScopedOwner(binding({ 'rec-cdk8s.io/owner-namespace': 'a', 'rec-cdk8s.io/owner-name': 'gone' }), recs),
    undefined,
  );
  assert.equal(clusterScopedOwner(binding({}), recs), undefined);
});
