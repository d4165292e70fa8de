/**
 * File snapshots (Node 20's test runner has none): compare with the committed file; with
 * UPDATE_SNAPSHOTS=1, rewrite it instead. A missing snapshot fails unless updating, so a test
 * can never pass by writing its own expectation.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export function matchSnapshot(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`../snapshots/${name}`, import.meta.url));
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name} is missing: run UPDATE_SNAPSHOTS=1 npm run test:unit and review it`);
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `snapshot ${name} changed: review, then UPDATE_SNAPSHOTS=1 npm run test:unit`,
  );
}
