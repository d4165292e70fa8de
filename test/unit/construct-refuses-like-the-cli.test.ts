/**
 * The construct refuses with the words of the CLI: the same problems, the same lines, including
 * the namespace a chart gives it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { ClusterSpecError } from '../../lib/api/errors.js';
import { validateClusterManifest } from '../../lib/api/validate.js';
import { fixtures } from '../fixtures/load.js';

const lines = (problems: readonly { path: string; message: string }[]) =>
  problems.map((p) => `${p.path}: ${p.message}`);

function refusal(build: () => void): ClusterSpecError {
  try {
    build();
  } catch (error) {
    if (error instanceof ClusterSpecError) return error;
    throw error;
  }
  assert.fail('the construct accepted it');
}

for (const fixture of fixtures('invalid').filter((f) => !f.expect[0]!.startsWith('metadata.'))) {
  test(`construct: ${fixture.name} throws the CLI's lines`, () => {
    const document = fixture.documents[0] as { spec: never };
    const error = refusal(() => new RedisEnterpriseCluster(new Chart(new App(), 'c'), 'rec', { spec: document.spec }));
    assert.deepEqual(lines(error.problems), lines(validateClusterManifest(fixture.documents[0]).errors));
  });
}

test('construct: a chart namespace that is not a DNS label is refused', () => {
  const error = refusal(() => new RedisEnterpriseCluster(new Chart(new App(), 'c', { namespace: 'Team_A' }), 'rec'));
  assert.deepEqual(lines(error.problems), [
    `metadata.namespace: must be a namespace name: a DNS label of lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters (got "Team_A")`,
  ]);
});
