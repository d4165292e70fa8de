/**
 * The local base image's pins (scripts/image/versions.json) against what the package requires, and
 * its reference: keyed by those pins, so a new pin makes a new base instead of reusing the old one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseImageRef, readBaseVersions } from '../../scripts/image/base-image.js';
import { compareVersions, enginesNodeMinimum } from '../support/node-engines.js';

test("the base image's Node satisfies package.json engines.node", () => {
  const pinned = readBaseVersions().node.version;
  assert.ok(
    compareVersions(pinned, enginesNodeMinimum()) >= 0,
    `Node ${pinned} in scripts/image/versions.json, package.json wants >=${enginesNodeMinimum()}`,
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
