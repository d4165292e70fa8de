/**
 * The README's table of the spec's fields is the code's: every top-level field of the schema in
 * exactly one row, and a row's column "Here" is what the code does with it (acted on, passed to
 * Redis Enterprise, neither: lib/spec/not-acted-on.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterSpecShape } from '../../lib/spec/schema.js';
import { NOT_ACTED_ON_FIELDS, NOT_ACTED_ON_REASONS, type NotActedOnField } from '../../lib/spec/not-acted-on.js';

function fieldTable(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf("## The spec's fields");
  assert.ok(start >= 0, 'README.md has a section "The spec\'s fields"');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1]!.startsWith('`')) continue;
    for (const field of cells[1]!.split(',').map((f) => f.trim().replace(/`/g, ''))) {
      assert.ok(!rows.has(field), `${field}: one row only`);
      rows.set(field, cells[2]!);
    }
  }
  return rows;
}

test("README: the table of the spec's fields names every field once, with what the code does with it", () => {
  const rows = fieldTable();
  const fields = Object.keys(clusterSpecShape.shape);
  assert.deepEqual(
    fields.filter((f) => !rows.has(f)),
    [],
    'fields of the schema without a row',
  );
  assert.deepEqual(
    [...rows.keys()].filter((f) => !fields.includes(f)),
    [],
    'rows without a field',
  );
  const notActedOn = new Set<string>(NOT_ACTED_ON_FIELDS);
  for (const [field, here] of rows) {
    const expected = notActedOn.has(field)
      ? NOT_ACTED_ON_REASONS[field as NotActedOnField].route === 'rest-api'
        ? 'passed to Redis Enterprise'
        : 'neither'
      : 'acted on';
    assert.equal(here, expected, field);
  }
});
