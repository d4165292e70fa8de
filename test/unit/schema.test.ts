import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClusterManifest, parseSpec } from '../../lib/spec/validate.js';
import { fixtures } from '../fixtures/load.js';
import { multiplyQuantity, quantityValue, isQuantity } from '../../lib/spec/quantity.js';
import { effectiveVolumeSize } from '../../lib/spec/effective.js';
import { editBasis } from '../../lib/spec/edit-basis.js';

const lines = (problems: readonly { path: string; message: string }[]) =>
  problems.map((p) => `${p.path}: ${p.message}`);

for (const fixture of fixtures('valid')) {
  test(`valid: ${fixture.name} is accepted`, () => {
    const result = validateClusterManifest(fixture.documents[0]);
    assert.deepEqual(lines(result.errors), []);
    assert.ok(result.cluster);
  });
}

for (const fixture of fixtures('invalid')) {
  test(`invalid: ${fixture.name} is rejected naming the field`, () => {
    const result = validateClusterManifest(fixture.documents[0]);
    assert.equal(result.cluster, undefined);
    assert.deepEqual(lines(result.errors), fixture.expect);
  });
}

for (const fixture of fixtures('edits')) {
  test(`edit: ${fixture.name}`, () => {
    const [before, after] = fixture.documents;
    assert.ok(validateClusterManifest(before).cluster, 'the previous manifest itself is valid');
    const result = validateClusterManifest(after, { previous: before });
    assert.deepEqual(lines(result.errors), fixture.expect);
  });
}

// The runner checks edits against the edit basis it stored, not the whole previous spec: the two
// must give the same verdict, word for word, for every edit (a new edit rule reading a field the
// basis lacks fails here).
for (const fixture of fixtures('edits')) {
  test(`edit basis: ${fixture.name} gets the same verdict against the basis as against the whole spec`, () => {
    const [before, after] = fixture.documents;
    const previous = validateClusterManifest(before).cluster!;
    const basis = editBasis(previous.spec);
    assert.deepEqual(lines(parseSpec(basis).errors), [], 'the basis parses as a spec');
    const result = validateClusterManifest(after, { previous: { spec: basis } });
    assert.deepEqual(lines(result.errors), fixture.expect);
  });
}

test('defaults follow the reference sheet', () => {
  const { spec } = parseSpec({});
  assert.ok(spec);
  assert.equal(spec.nodes, 3);
  assert.equal(spec.persistentSpec.enabled, true);
  assert.equal(spec.persistentSpec.enablePersistentVolumeResize, false);
  assert.deepEqual(spec.redisEnterpriseNodeResources, {
    requests: { cpu: '2', memory: '4Gi' },
    limits: { cpu: '2', memory: '4Gi' },
  });
  assert.deepEqual(spec.bootstrapperResources.requests, { cpu: '100m', memory: '128Mi' });
  assert.deepEqual(spec.redisEnterpriseServicesRiggerResources.requests, { cpu: '500m', memory: '500Mi' });
  assert.equal(spec.redisEnterpriseTerminationGracePeriodSeconds, 31_536_000);
  assert.equal(spec.uiServiceType, 'ClusterIP');
  assert.equal(spec.username, 'demo@redis.com');
  assert.equal(spec.createServiceAccount, true);
  assert.equal(spec.servicesRiggerSpec.databaseServiceType, 'cluster_ip,headless');
  assert.equal(spec.servicesRiggerSpec.serviceNaming, 'bdb_name');
  assert.equal(effectiveVolumeSize(spec), '20Gi');
});

test('the default volume is 5 x the memory request, in the unit written', () => {
  const { spec } = parseSpec({ redisEnterpriseNodeResources: { requests: { memory: '1536Mi' } } });
  assert.ok(spec);
  assert.equal(effectiveVolumeSize(spec), '7680Mi');
  const limitsOnly = parseSpec({ redisEnterpriseNodeResources: { limits: { memory: '8Gi' } } });
  assert.equal(effectiveVolumeSize(limitsOnly.spec!), '40Gi');
});

test('fields we do not act on and unknown fields are warnings, not errors', () => {
  const result = validateClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec' },
    spec: { nodes: 3, ldap: { protocol: 'LDAP' }, node: 5 },
  });
  assert.deepEqual(lines(result.errors), []);
  assert.deepEqual(lines(result.warnings), [
    "spec.ldap: accepted but not acted on (a Redis Enterprise setting: the official operator applies it through Redis Enterprise's cluster API (its REST API), which this project does not call)",
    'spec.node: unknown field: ignored (the API server prunes it)',
  ]);
});

test('apiVersion and kind are checked', () => {
  const result = validateClusterManifest({
    apiVersion: 'app.redislabs.com/v2',
    kind: 'Rec',
    metadata: { name: 'rec' },
  });
  assert.deepEqual(lines(result.errors), [
    'apiVersion: must be one of app.redislabs.com/v1, app.redislabs.com/v1alpha1 (got "app.redislabs.com/v2")',
    'kind: must be RedisEnterpriseCluster (got "Rec")',
  ]);
});

test('quantities: grammar, value and multiplication', () => {
  for (const ok of ['2', '500m', '4Gi', '1.5Gi', '1e3', 2, '0']) assert.ok(isQuantity(ok), String(ok));
  for (const bad of ['-1', '4 Gi', 'Gi', '4GB', '', -2, '1.2.3']) assert.ok(!isQuantity(bad), String(bad));
  assert.equal(quantityValue('4Gi'), 4 * 2 ** 30);
  assert.equal(quantityValue('500m'), 0.5);
  assert.equal(quantityValue('1e3'), 1000);
  assert.equal(multiplyQuantity('1.5Gi', 5), '7.5Gi');
  assert.equal(multiplyQuantity(2, 5), '10');
});
