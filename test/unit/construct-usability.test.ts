/**
 * What a cdk8s user meets first, without the CLI: an id that is not a cluster name, rack awareness
 * without a namespace, and fields the construct accepts but does not act on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { ClusterSpecError } from '../../lib/errors.js';

/** Collects console.warn lines while `fn` runs. */
function warnLines(fn: () => void): string[] {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return lines;
}

test('an id that is not a valid cluster name asks for the name prop, with a valid suggestion', () => {
  const chart = new Chart(new App(), 'c', { namespace: 'redis' });
  assert.throws(
    () => new RedisEnterpriseCluster(chart, 'Cache'),
    (error: unknown) =>
      error instanceof ClusterSpecError &&
      /set the name prop, e\.g\. \{ name: 'cache' \}/.test(error.message) &&
      error.problems[0]?.path === 'metadata.name',
  );
  // The same id with the prop set is fine, and the prop is the name.
  assert.equal(new RedisEnterpriseCluster(chart, 'Cache2', { name: 'cache' }).cluster.name, 'cache');
});

test('an invalid name prop gets the name rule, not advice to set the prop it came from', () => {
  const chart = new Chart(new App(), 'c');
  assert.throws(
    () => new RedisEnterpriseCluster(chart, 'rec', { name: 'Bad_Name' }),
    (error: unknown) =>
      error instanceof ClusterSpecError && !/set the name prop/.test(error.message) && /DNS-1035/.test(error.message),
  );
});

test('rack awareness without any namespace is an error naming both fixes', () => {
  const chart = new Chart(new App(), 'c');
  assert.throws(
    () => new RedisEnterpriseCluster(chart, 'rec', { spec: { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' } }),
    (error: unknown) =>
      error instanceof ClusterSpecError &&
      error.problems.some(
        (p) =>
          p.path === 'spec.rackAwarenessNodeLabel' &&
          /chart's namespace/.test(p.message) &&
          /namespace prop/.test(p.message),
      ),
  );
  // Either namespace makes the node reader.
  const viaProp = new RedisEnterpriseCluster(chart, 'prop', {
    namespace: 'redis',
    spec: { rackAwarenessNodeLabel: 'zone' },
  });
  assert.ok(viaProp.nodeReader);
  const viaChart = new RedisEnterpriseCluster(new Chart(new App(), 'n', { namespace: 'redis' }), 'rec', {
    spec: { rackAwarenessNodeLabel: 'zone' },
  });
  assert.ok(viaChart.nodeReader);
});

test('fields not acted on are listed in warnings and told in one stderr line; reportWarnings: false keeps it quiet', () => {
  const chart = new Chart(new App(), 'c', { namespace: 'redis' });
  let rec: RedisEnterpriseCluster | undefined;
  const lines = warnLines(() => {
    rec = new RedisEnterpriseCluster(chart, 'rec', { spec: { ldap: { protocol: 'LDAP' }, madeUpField: 1 } as never });
  });
  assert.deepEqual(
    rec!.warnings.map((w) => w.path),
    ['spec.ldap', 'spec.madeUpField'],
  );
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /^RedisEnterpriseCluster "rec" \(c\/rec\): spec\.ldap: accepted but not acted on.*; spec\.madeUpField: unknown field/,
  );

  const quiet = warnLines(
    () => new RedisEnterpriseCluster(chart, 'quiet', { reportWarnings: false, spec: { resp3Default: true } }),
  );
  assert.deepEqual(quiet, []);
  assert.deepEqual(
    warnLines(() => new RedisEnterpriseCluster(chart, 'clean')),
    [],
    'nothing to say, nothing said',
  );
});
