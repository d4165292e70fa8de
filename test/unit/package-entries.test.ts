/**
 * The package's promises that need no install: the root entry exports no runner, the runner
 * entry has it, and the CLI's list of runner dependencies is package.json's optional peers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as root from '../../lib/index.js';
import * as runner from '../../lib/runner/index.js';
import { RUNNER_DEPENDENCIES, installHint, missingRunnerDependency } from '../../lib/cli/runner-dependencies.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

test('the root entry has the constructs and no runner; the runner entry has the runner and its install', () => {
  assert.equal(typeof root.RedisEnterpriseCluster, 'function');
  assert.equal(typeof root.renderClusterManifest, 'function');
  for (const name of ['Runner', 'RecRunnerInstall', 'installManifests']) {
    assert.equal(name in root, false, `${name} is not in the root entry`);
    assert.equal(typeof (runner as Record<string, unknown>)[name], 'function', `${name} is in the runner entry`);
  }
});

test('runner dependencies: the CLI list is exactly the optional peer dependencies, none of them a dependency', () => {
  const optionalPeers = Object.keys(pkg.peerDependenciesMeta).filter(
    (name) => pkg.peerDependenciesMeta[name]!.optional,
  );
  assert.deepEqual(Object.keys(RUNNER_DEPENDENCIES).sort(), optionalPeers.sort());
  for (const [name, range] of Object.entries(RUNNER_DEPENDENCIES)) {
    assert.equal(pkg.peerDependencies[name], range, `${name} range`);
    assert.equal(name in pkg.dependencies, false, `${name} is not a dependency`);
  }
  for (const name of ['cdk8s', 'constructs'])
    assert.equal(name in pkg.dependencies, false, `${name} is a peer, never a second copy`);
});

test('a missing runner dependency is recognised and the hint installs all of them', () => {
  const error = Object.assign(new Error("Cannot find package 'pino' imported from /x/build/lib/controller/logger.js"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  assert.equal(missingRunnerDependency(error), 'pino');
  assert.equal(
    missingRunnerDependency(Object.assign(new Error("Cannot find package 'other'"), { code: 'ERR_MODULE_NOT_FOUND' })),
    undefined,
  );
  assert.equal(missingRunnerDependency(new Error("'pino' is broken")), undefined, 'only a not-found error');
  assert.equal(
    installHint('run', 'pino'),
    "rec-cdk8s run: needs the runner's dependencies, which are optional for construct users (pino is not installed): npm install @kubernetes/client-node@'~1.4.0' pino@'^10.4.0' prom-client@'^15.1.3'",
  );
});
