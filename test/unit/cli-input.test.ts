// What the CLI accepts as input (issue 9, part 5): documents that are not mappings, binary files,
// `kind: List`, files mixing other kinds with RECs, RECs defined twice, long values in messages,
// --version. Runs the real CLI in-process, as cli.test.ts does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { shown, cutText } from '../../lib/api/shown.js';
import { inputFiles, runCli as run } from './helpers/cli.js';

const { file, pathOf } = inputFiles('rec-cli-input-');

/** A REC as a YAML document (asItem makes it a List item). */
function rec(name: string, nodes = 3, namespace?: string): string {
  const ns = namespace ? `, namespace: ${namespace}` : '';
  return `apiVersion: app.redislabs.com/v1\nkind: RedisEnterpriseCluster\nmetadata: {name: ${name}${ns}}\nspec: {nodes: ${nodes}}\n`;
}
const asItem = (doc: string) => `- ${doc.trimEnd().split('\n').join('\n  ')}\n`;
const list = (...items: string[]) => `apiVersion: v1\nkind: List\nitems:\n${items.map(asItem).join('')}`;
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: redis}\n';
const SECRET = 'hunter2-do-not-print';

test('a document that is not a mapping is unusable input (exit 2), naming the document', async () => {
  const scalar = file('scalar.yaml', `${SECRET}\n`);
  let r = await run('validate', scalar);
  assert.equal(r.code, 2);
  assert.equal(r.err, `${scalar}: not a YAML mapping (got a string)`);

  const second = file('second.yaml', `${rec('a')}---\n- ${SECRET}\n`);
  r = await run('validate', second);
  assert.equal(r.code, 2);
  assert.equal(r.err, `${second}: document 2: not a YAML mapping (got a list)`);

  // Document numbers count every `---`, empty documents too, as the user reads the file.
  const numbers = file('numbers.yaml', `${rec('a')}---\n---\n42\n`);
  r = await run('render', numbers);
  assert.equal(r.code, 2);
  assert.equal(r.err, `${numbers}: document 3: not a YAML mapping (got a number)`);
  assert.equal(r.out, '');
});

test("binary and unparseable input: exit 2, one line, never the file's content", async () => {
  const cases = {
    'nul.bin': Buffer.concat([Buffer.from(`password: ${SECRET}\n`), Buffer.from([0, 1, 2, 255])]),
    'latin1.yaml': Buffer.concat([Buffer.from(`password: ${SECRET}`), Buffer.from([0xe9, 0x0a])]),
    'syntax.yaml': `password: [${SECRET}\nother: {\n`,
    'alias.yaml': `password: *${SECRET}\n`,
  };
  for (const [name, content] of Object.entries(cases)) {
    const path = file(name, content);
    const r = await run('validate', path);
    assert.equal(r.code, 2, name);
    assert.equal(r.err.split('\n').length, 1, `${name}: ${r.err}`);
    assert.ok(r.err.startsWith(`${path}: `), r.err);
    assert.ok(!r.err.includes(SECRET) && !r.err.includes('hunter2'), `${name} quotes the file: ${r.err}`);
  }
  assert.match((await run('validate', pathOf('nul.bin'))).err, /binary content$/);
  assert.match((await run('validate', pathOf('latin1.yaml'))).err, /not UTF-8 text$/);
  assert.match(
    (await run('validate', pathOf('syntax.yaml'))).err,
    /not valid YAML at line \d+, column \d+ \([A-Z_]+\)$/,
  );
});

test('kind: List is checked item by item, each message naming the item', async () => {
  const path = file('list.yaml', list(rec('orders'), rec('payments', 4)));
  const r = await run('validate', path);
  assert.equal(r.code, 1);
  assert.equal(r.out, `${path}: items[0] (rec/orders): orders is valid`);
  assert.equal(r.err, `${path}: items[1] (rec/payments): spec.nodes: must be odd and at least 3 (got 4)`);

  const valid = await run('validate', file('valid-list.yaml', list(rec('orders'), rec('payments'))));
  assert.equal(valid.code, 0, valid.err);

  // What the API itself returns for a list of RECs.
  const typed = file(
    'typed-list.yaml',
    list(rec('orders')).replace(
      'apiVersion: v1\nkind: List',
      'apiVersion: app.redislabs.com/v1\nkind: RedisEnterpriseClusterList',
    ),
  );
  assert.equal((await run('validate', typed)).code, 0);
});

test('nested Lists are unpacked, to a bound; a List item that is not a mapping is exit 2', async () => {
  const nested = file('nested.yaml', list(list(rec('a'), rec('b', 2))));
  const r = await run('validate', nested);
  assert.equal(r.code, 1);
  assert.equal(r.err, `${nested}: items[0].items[1] (rec/b): spec.nodes: must be odd and at least 3 (got 2)`);

  let deep = rec('a');
  for (let i = 0; i < 8; i++) deep = list(deep);
  const tooDeep = await run('validate', file('deep.yaml', deep));
  assert.equal(tooDeep.code, 2);
  assert.match(tooDeep.err, /Lists nested more than \d+ deep$/);

  const badItem = file('bad-item.yaml', `apiVersion: v1\nkind: List\nitems:\n- ${SECRET}\n`);
  const bad = await run('validate', badItem);
  assert.equal(bad.code, 2);
  assert.equal(bad.err, `${badItem}: items[0]: not a YAML mapping (got a string)`);

  const noItems = await run('validate', file('no-items.yaml', 'apiVersion: v1\nkind: List\n'));
  assert.equal(noItems.code, 2);
  assert.match(noItems.err, /kind List without an items list$/);
});

test('validate skips other kinds with a note and exits 0 when every REC is valid', async () => {
  const gitops = file(
    'gitops.yaml',
    `${namespace}---\n${rec('cache', 3, 'redis')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n`,
  );
  const r = await run('validate', gitops);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${gitops}: document 2: cache is valid`);
  assert.deepEqual(r.err.split('\n'), [
    `${gitops}: document 1: skipped Namespace/redis: not a RedisEnterpriseCluster`,
    `${gitops}: document 3: skipped ConfigMap/settings: not a RedisEnterpriseCluster`,
  ]);
  // Other kinds inside a List too.
  const mixed = file('mixed-list.yaml', list(namespace, rec('cache')));
  const m = await run('validate', mixed);
  assert.equal(m.code, 0, m.err);
  assert.equal(m.err, `${mixed}: items[0]: skipped Namespace/redis: not a RedisEnterpriseCluster`);
});

test('a file without any REC is an error (exit 1), also next to a file with one', async () => {
  const cm = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const good = file('good.yaml', rec('a'));
  const r = await run('validate', good, cm);
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`^${cm}: no RedisEnterpriseCluster found$`, 'm'));
  assert.equal((await run('validate', file('empty-list.yaml', 'apiVersion: v1\nkind: List\nitems: []\n'))).code, 1);
  const rendered = await run('render', cm);
  assert.equal(rendered.code, 1);
  assert.equal(rendered.out, '');
});

test('a mapping without kind is checked as a REC, so the missing kind is reported', async () => {
  const bare = file('bare.yaml', 'nodes: 3\n');
  const r = await run('validate', bare);
  assert.equal(r.code, 1);
  assert.match(r.err, /: kind: must be RedisEnterpriseCluster \(got undefined\)/);
});

test('render passes other objects through unchanged, before the rendered objects', async () => {
  const gitops = file(
    'render-gitops.yaml',
    `${rec('cache', 3, 'redis')}---\n${namespace}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: redis}\ndata: {a: "1"}\n`,
  );
  const r = await run('render', gitops);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  const objects = parseAllDocuments(r.out).map((d) => d.toJS());
  assert.deepEqual(objects[0], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'redis' } });
  assert.deepEqual(objects[1], {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'redis' },
    data: { a: '1' },
  });
  assert.ok(
    objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'cache' && o.metadata.namespace === 'redis'),
  );
  assert.ok(!objects.some((o) => o.kind === 'RedisEnterpriseCluster'));

  // -n sets the namespace of the rendered objects only; the others are as written.
  const moved = await run('render', '-n', 'elsewhere', gitops);
  const movedObjects = parseAllDocuments(moved.out).map((d) => d.toJS());
  assert.equal(movedObjects[1].metadata.namespace, 'redis');
  assert.equal(movedObjects.find((o) => o.kind === 'StatefulSet').metadata.namespace, 'elsewhere');
});

test('two RECs with the same namespace/name are refused, naming both documents', async () => {
  const twice = file('twice.yaml', `${rec('a', 3, 'redis')}---\n${rec('b')}---\n${rec('a', 5, 'redis')}`);
  const r = await run('validate', twice);
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    `${twice}: document 3: metadata.name: RedisEnterpriseCluster redis/a is defined twice (also in ${twice}: document 1)`,
  );
  assert.ok(!r.out.includes('document 3'), 'the duplicate is not also called valid');

  const one = file('one.yaml', rec('a'));
  const other = file('other.yaml', list(rec('a')));
  // validate takes files one by one (each environment's file may reuse a name); render's output
  // is applied as one, so there the second is a clash.
  assert.equal((await run('validate', one, other)).code, 0);
  const rendered = await run('render', one, other);
  assert.equal(rendered.code, 1);
  assert.equal(rendered.out, '');
  assert.equal(
    rendered.err,
    `${other}: items[0] (rec/a): metadata.name: RedisEnterpriseCluster a is defined twice (also in ${one})`,
  );

  // Same name in two namespaces is fine, until render -n puts them in one.
  const apart = file('apart.yaml', `${rec('a', 3, 'x')}---\n${rec('a', 3, 'y')}`);
  assert.equal((await run('validate', apart)).code, 0);
  assert.equal((await run('render', apart)).code, 0);
  const together = await run('render', '-n', 'z', apart);
  assert.equal(together.code, 1);
  assert.match(together.err, /RedisEnterpriseCluster z\/a is defined twice/);
});

test('a long value is cut in messages: a short prefix, an ellipsis and its full length', async () => {
  const long = 'a'.repeat(204800);
  const path = file(
    'long.yaml',
    rec('a')
      .replace('app.redislabs.com/v1', long)
      .replace('spec: {nodes: 3}', `spec: {servicesRiggerSpec: {serviceNaming: ${long}}}`),
  );
  const r = await run('validate', path);
  assert.equal(r.code, 1);
  const lines = r.err.split('\n');
  assert.equal(lines.length, 2, r.err);
  for (const line of lines) {
    assert.ok(line.length < 400, `${line.length} characters`);
    assert.ok(line.endsWith(`(got "${'a'.repeat(60)}"... (204800 characters))`), line);
  }
  // The name of a skipped object is cut too.
  const skipped = await run(
    'validate',
    file('long-name.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${long}}\n---\n${rec('a')}`),
  );
  assert.equal(skipped.code, 0);
  assert.ok(skipped.err.length < 200, skipped.err.slice(0, 200));
});

test('shown: short values whole, long ones cut without splitting a character', () => {
  assert.equal(shown('abc'), '"abc"');
  assert.equal(shown(4), '4');
  assert.equal(shown(undefined), 'undefined');
  assert.equal(shown('😀'.repeat(100)), `"${'😀'.repeat(60)}"... (100 characters)`);
  assert.equal(shown({ k: 'v'.repeat(100) }), 'an object');
  assert.equal(cutText('x'.repeat(61)), `${'x'.repeat(60)}... (61 characters)`);
});

test('stdin is named stdin in messages', () => {
  const cli = fileURLToPath(new URL('../../lib/cli/entry.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'validate', '-'], {
    input: `${rec('a')}---\n[1]\n`,
    encoding: 'utf8',
  });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, 'stdin: document 2: not a YAML mapping (got a list)\n');
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const r = await run('--version');
  assert.equal(r.code, 0);
  assert.equal(r.out, version);
});
