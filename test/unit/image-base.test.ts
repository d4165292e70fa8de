/**
 * The local base image's pins (scripts/image/versions.json) against what the package requires, and
 * its reference: keyed by those pins, so a new pin makes a new base instead of reusing the old one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { baseImageRef, readBaseVersions } from '../../scripts/image/base-image.js';

const numbers = (version: string) => version.split('.').map(Number);

test("the base image's Node satisfies package.json engines.node", () => {
  const engines = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
  ).engines.node;
  const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines)?.[1];
  assert.ok(minimum, `engines.node is a ">=x.y.z" range (this test reads no other form): ${engines}`);
  const pinned = numbers(readBaseVersions().node.version);
  const wanted = numbers(minimum);
  const cmp = wanted.map((n, i) => (pinned[i] ?? 0) - n).find((d) => d !== 0) ?? 0;
  assert.ok(
    cmp >= 0,
    `Node ${readBaseVersions().node.version} in scripts/image/versions.json, package.json wants ${engines}`,
  );
});

test('the base image reference names the Node version and changes with the pins', () => {
  const versions = readBaseVersions();
  const ref = baseImageRef(versions);
  assert.match(
    ref,
    new RegExp(`^localhost/rec-cdk8s-node-base:${versions.node.version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`),
  );
  assert.equal(baseImageRef(versions), ref, 'the same pins, the same reference');
  const otherNpm = { ...versions, npm: { ...versions.npm, version: '10.9.0' } };
  assert.notEqual(baseImageRef(otherNpm), ref, 'another npm, another base image');
  const otherMirror = { ...versions, debian: { ...versions.debian, mirror: 'http://mirror.example/debian' } };
  assert.notEqual(baseImageRef(otherMirror), ref, 'another mirror, another base image');
});
