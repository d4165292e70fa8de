// Pinned component versions (versions.json is the single source of truth) and
// the cache key derived from them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, controlPlaneDir } from './paths.js';

export interface Versions {
  /** k8s.io/kubernetes tag, e.g. v1.35.4; staging modules are v0.<minor>.<patch>. */
  kubernetes: string;
  /** go.etcd.io/etcd/server/v3 tag. */
  etcd: string;
  /** sigs.k8s.io/kwok tag. */
  kwok: string;
}

export const versionsFile = join(controlPlaneDir, 'versions.json');

/** The wrapper Go modules committed under go/, one per component family. */
export const goModules = ['kubernetes', 'etcd', 'kwok'] as const;
export type GoModuleName = (typeof goModules)[number];
export const goModuleDir = (name: GoModuleName): string => join(controlPlaneDir, 'go', name);

/**
 * Bumped when the build recipe changes (flags, ldflags) so that old cached
 * binaries are not reused for a different recipe.
 */
const RECIPE = 'recipe-1';

export function readVersions(): Versions {
  const raw = JSON.parse(readFileSync(versionsFile, 'utf8')) as Record<string, unknown>;
  const out: Partial<Versions> = {};
  for (const key of ['kubernetes', 'etcd', 'kwok'] as const) {
    const v = raw[key];
    if (typeof v !== 'string' || !/^v\d+\.\d+\.\d+$/.test(v)) {
      throw new Error(`${versionsFile}: "${key}" must be a release tag like v1.2.3, got ${JSON.stringify(v)}`);
    }
    out[key] = v;
  }
  return out as Versions;
}

/** k8s.io/kubernetes v1.X.Y publishes its staging modules (k8s.io/api, ...) as v0.X.Y. */
export function stagingVersion(kubernetes: string): string {
  return kubernetes.replace(/^v1\./, 'v0.');
}

/**
 * Cache key: a hash of versions.json plus the wrapper modules' go.mod/go.sum
 * (which are generated from it) and the recipe, so any change rebuilds.
 */
export function cacheKey(): string {
  const h = createHash('sha256');
  h.update(RECIPE);
  h.update(readFileSync(versionsFile));
  for (const name of goModules) {
    for (const f of ['go.mod', 'go.sum']) {
      h.update(`${name}/${f}\0`);
      h.update(readFileSync(join(goModuleDir(name), f)));
    }
  }
  const v = readVersions();
  return `k8s-${v.kubernetes}-${h.digest('hex').slice(0, 12)}`;
}

export const cacheDir = (): string => join(cacheRoot(), cacheKey());
export const binDir = (): string => join(cacheDir(), 'bin');

export const binaries = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
] as const;
export type BinaryName = (typeof binaries)[number];
export const binaryPath = (name: BinaryName): string => join(binDir(), name);
