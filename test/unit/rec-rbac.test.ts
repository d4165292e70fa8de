/**
 * The REC's RBAC names and warnings: cluster-scoped names (synthesized output) that two RECs can
 * never share, and a warning when the cluster's Role would go to every pod running as `default`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterObjectNames } from '../../lib/api/names.js';
import { parseSpec } from '../../lib/api/validate.js';

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
