/**
 * What only the CLI can see: several RECs in one file (two of one name render the same objects)
 * and namespaces given from outside a spec.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputFiles, runCli as run } from './helpers/cli.js';

const { file } = inputFiles('rec-cli-files-');

const rec = (name: string, namespace?: string) =>
  `apiVersion: app.redislabs.com/v1\nkind: RedisEnterpriseCluster\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\nspec: {nodes: 3}\n`;

test('validate: two RECs of one name in one namespace are refused, naming both documents', async () => {
  const path = file('twins.yaml', [rec('cache', 'team'), rec('other', 'team'), rec('cache', 'team')].join('---\n'));
  const r = await run('validate', path);
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    `${path}: document 3: metadata.name: RedisEnterpriseCluster team/cache is defined twice (also in ${path}: document 1)`,
  );
});

test('validate: one name in two namespaces is fine', async () => {
  const r = await run('validate', file('spread.yaml', [rec('cache', 'team-a'), rec('cache', 'team-b')].join('---\n')));
  assert.equal(r.code, 0, r.err);
});

test('render: two RECs of one name print nothing, and -n makes them collide even from two namespaces', async () => {
  const path = file('collide.yaml', [rec('cache', 'team-a'), rec('cache', 'team-b')].join('---\n'));
  assert.equal((await run('render', path)).code, 0);
  const r = await run('render', '-n', 'shared', path);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /document 2: metadata\.name: RedisEnterpriseCluster shared\/cache is defined twice \(also in .*: document 1\)/,
  );
});

test('validate and render: a namespace that is not a DNS label is refused', async () => {
  const bad = await run('validate', file('ns.yaml', rec('cache', 'Team_A')));
  assert.equal(bad.code, 1);
  assert.match(
    bad.err,
    /: metadata\.namespace: must be a namespace name: a DNS label of lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters \(got "Team_A"\)$/,
  );
  const flag = await run('render', '-n', 'no/slash', file('ok.yaml', rec('cache')));
  assert.equal(flag.code, 1);
  assert.equal(flag.out, '');
  assert.match(flag.err, /metadata\.namespace: must be a namespace name: .* \(got "no\/slash"\)$/);
});
