/**
 * Every size is bounded, and bounded once: the CRD carries a bound on every string, list and map
 * the schema models, and zod refuses at exactly that bound. Messages never quote a long value
 * whole, and never a license at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiSchema } from '../../lib/api/crd/crd.js';
import type { JsonSchemaProps } from '../../lib/api/crd/openapi.js';
import { parseSpec, validateClusterManifest } from '../../lib/api/validate.js';
import { MAX_LICENSE, MAX_USERNAME } from '../../lib/api/bounds.js';
import { shown, SHOWN_MAX } from '../../lib/api/shown.js';

/** Paths of strings, arrays and maps without a size bound (below preserve-unknown-fields nodes, only what is declared). */
function unbounded(node: JsonSchemaProps, path: string, out: string[]): string[] {
  if (node.type === 'string' && node.maxLength === undefined && node.enum === undefined) out.push(path);
  if (node.type === 'array' && node.maxItems === undefined) out.push(path);
  if (node.type === 'object' && node.additionalProperties && node.maxProperties === undefined) out.push(path);
  for (const [key, child] of Object.entries(node.properties ?? {})) unbounded(child, `${path}.${key}`, out);
  if (node.items) unbounded(node.items, `${path}[]`, out);
  if (node.additionalProperties) unbounded(node.additionalProperties, `${path}{}`, out);
  return out;
}

test('every string, list and map of the spec has a size bound in the CRD', () => {
  const spec = openApiSchema().properties!.spec!;
  assert.deepEqual(unbounded(spec, 'spec', []), []);
});

test('zod refuses at the bound the CRD states, not a character later or earlier', () => {
  const spec = openApiSchema().properties!.spec!;
  assert.equal(spec.properties!.username!.maxLength, MAX_USERNAME);
  assert.equal(spec.properties!.license!.maxLength, MAX_LICENSE);
  assert.deepEqual(parseSpec({ username: 'u'.repeat(MAX_USERNAME) }).errors, []);
  assert.deepEqual(parseSpec({ username: 'u'.repeat(MAX_USERNAME + 1) }).errors, [
    { path: 'spec.username', message: `must be at most ${MAX_USERNAME} characters (got ${MAX_USERNAME + 1})` },
  ]);
  const maxTolerations = spec.properties!.podTolerations!.maxItems!;
  const tolerations = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, operator: 'Exists' }));
  assert.deepEqual(parseSpec({ podTolerations: tolerations(maxTolerations) }).errors, []);
  assert.equal(
    parseSpec({ podTolerations: tolerations(maxTolerations + 1) }).errors[0]!.message,
    `must have at most ${maxTolerations} items (got ${maxTolerations + 1})`,
  );
  const maxLabels = spec.properties!.extraLabels!.maxProperties!;
  const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  assert.deepEqual(parseSpec({ extraLabels: labels(maxLabels) }).errors, []);
  assert.equal(
    parseSpec({ extraLabels: labels(maxLabels + 1) }).errors[0]!.message,
    `must have at most ${maxLabels} entries (got ${maxLabels + 1})`,
  );
});

test('characters are counted as the API server counts them (code points, not UTF-16 units)', () => {
  const emoji = '\u{1F600}'.repeat(MAX_USERNAME);
  assert.deepEqual(parseSpec({ username: emoji }).errors, []);
});

test('a 50 MB license is refused in one short line that does not quote it', () => {
  const license = 'L'.repeat(50 * 1024 * 1024);
  const result = validateClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec' },
    spec: { license },
  });
  assert.equal(result.cluster, undefined);
  const text = result.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
  assert.ok(text.includes(`spec.license: must be at most ${MAX_LICENSE} characters (got ${license.length})`), text);
  assert.ok(text.length < 500, `short: ${text.length} characters`);
  assert.ok(!text.includes('LLLLLLLLLL'), 'the license is not quoted');
});

test('long values are cut in messages', () => {
  assert.equal(shown('x'.repeat(10)), '"xxxxxxxxxx"');
  const long = shown('y'.repeat(1000));
  assert.ok(long.startsWith(`"${'y'.repeat(SHOWN_MAX)}"...`));
  assert.ok(long.endsWith('(1000 characters)'));
  const result = parseSpec({ extraLabels: { team: 'z'.repeat(5000) } });
  assert.ok(
    result.errors.every((e) => !e.message.includes('z'.repeat(SHOWN_MAX + 1))),
    JSON.stringify(result.errors),
  );
});
