import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { fixtures } from '../fixtures/load.js';
import { inputFiles, runCli as run } from './helpers/cli.js';

const { file, pathOf } = inputFiles('rec-cli-');

test('validate: every valid fixture exits 0', async () => {
  const r = await run('validate', ...fixtures('valid').map((f) => f.file));
  assert.equal(r.code, 0, r.err);
});

for (const fixture of fixtures('invalid')) {
  test(`validate: ${fixture.name} exits 1 with one line per problem`, async () => {
    const r = await run('validate', fixture.file);
    assert.equal(r.code, 1);
    const problems = r.err.split('\n').filter((l) => !l.includes(': warning: '));
    assert.deepEqual(
      problems,
      fixture.expect.map((e) => `${fixture.file}: ${e}`),
    );
  });
}

for (const fixture of fixtures('edits')) {
  test(`validate --previous: ${fixture.name}`, async () => {
    const before = file(`${fixture.name}-before.yaml`, JSON.stringify(fixture.documents[0]));
    const after = file(`${fixture.name}-after.yaml`, JSON.stringify(fixture.documents[1]));
    const r = await run('validate', '--previous', before, after);
    assert.equal(r.code, fixture.expect.length === 0 ? 0 : 1, r.err);
    assert.deepEqual(
      r.err ? r.err.split('\n') : [],
      fixture.expect.map((e) => `${after}: ${e}`),
    );
  });
}

test('validate: the message format of the issue', async () => {
  const rec = file(
    'rec.yaml',
    'apiVersion: app.redislabs.com/v1\nkind: RedisEnterpriseCluster\nmetadata: {name: rec}\nspec: {nodes: 4}\n',
  );
  const r = await run('validate', rec);
  assert.equal(r.err, `${rec}: spec.nodes: must be odd and at least 3 (got 4)`);
});

test('validate: unreadable, non-YAML and non-REC input are clear errors, not stack traces', async () => {
  const missing = await run('validate', pathOf('missing.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing\.yaml: cannot read: ENOENT/);
  const broken = await run('validate', file('broken.yaml', 'spec: [unclosed\n'));
  assert.equal(broken.code, 2);
  assert.match(broken.err, /not valid YAML/);
  const cm = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const other = await run('validate', cm);
  assert.equal(other.code, 1);
  assert.deepEqual(other.err.split('\n'), [
    `${cm}: skipped ConfigMap/x: not a RedisEnterpriseCluster`,
    `${cm}: no RedisEnterpriseCluster found`,
  ]);
});

test('render: the inventory, as multi-document YAML', async () => {
  const full = fixtures('valid').find((f) => f.name === 'full-featured')!;
  const r = await run('render', full.file);
  assert.equal(r.code, 0, r.err);
  const objects = parseAllDocuments(r.out).map((d) => (Array.isArray(d) ? d : d).toJS());
  const names = objects.map((o: any) => `${o.kind}/${o.metadata.name}`);
  for (const expected of [
    'ServiceAccount/redis-nodes',
    'Role/full',
    'RoleBinding/full',
    'StatefulSet/full',
    'Deployment/full-services-rigger',
    'Service/full',
    'Service/full-ui',
    'Service/full-prom',
    'PodDisruptionBudget/full',
    'Deployment/full-service-broker',
    'PersistentVolumeClaim/full-service-broker',
  ]) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
  }
  assert.ok(!names.includes('Secret/full-admin'), 'a user-managed credentials Secret is not rendered');
});

test('render: an invalid manifest prints nothing on stdout', async () => {
  const r = await run('render', fixtures('invalid')[0]!.file);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
});

test('crd: prints the CRD', async () => {
  const r = await run('crd');
  assert.equal(r.code, 0);
  assert.match(r.out, /name: redisenterpriseclusters\.app\.redislabs\.com/);
});

test('the installed bin runs the compiled CLI', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root });
  const valid = spawnSync(process.execPath, ['bin/rec-cdk8s.mjs', 'validate', fixtures('valid')[0]!.file], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(valid.status, 0, valid.stderr);
  const invalid = spawnSync(process.execPath, ['bin/rec-cdk8s.mjs', 'validate', fixtures('invalid')[0]!.file], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(invalid.status, 1);
  assert.doesNotMatch(invalid.stderr, /at .*\.js:\d+/, 'no stack trace');
  // From build/lib/cli/, one level deeper than lib/cli/: the version is still found.
  const version = spawnSync(process.execPath, ['bin/rec-cdk8s.mjs', '--version'], { cwd: root, encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test('install: namespaced RBAC for the namespaces named, a ClusterRole only with --all-namespaces', async () => {
  const namespaced = await run('install', '--runner-namespace', 'ops', '-n', 'team-a');
  assert.equal(namespaced.code, 0, namespaced.err);
  const objects = parseAllDocuments(namespaced.out).map((d) => (Array.isArray(d) ? d : d).toJS());
  const kinds = objects.map((o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  assert.ok(kinds.includes('CustomResourceDefinition//redisenterpriseclusters.app.redislabs.com'));
  assert.ok(kinds.includes('Role/team-a/rec-runner'));
  assert.ok(kinds.includes('Deployment/ops/rec-runner'));
  // Cluster-scoped only the two ClusterRoles of the REC pods, which the runner may bind and does not hold.
  assert.deepEqual(
    kinds.filter((k) => k.startsWith('Cluster')),
    ['ClusterRole//redis-enterprise-node', 'ClusterRole//redis-enterprise-node-reader'],
    kinds.join(', '),
  );
  const deployment = objects.find((o: any) => o.kind === 'Deployment');
  assert.deepEqual(deployment.spec.template.spec.containers[0].args.slice(0, 6), [
    'run',
    '--leader-elect',
    '--lease-namespace',
    'ops',
    '--namespace',
    'team-a',
  ]);

  const all = await run('install', '--all-namespaces');
  assert.equal(all.code, 0, all.err);
  assert.match(all.out, /kind: ClusterRole\n/);
  assert.equal((await run('install', '-A', '-n', 'x')).code, 2);
});
