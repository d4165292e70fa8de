/**
 * Which objects the commands act on. Files in GitOps repositories mix RECs with a Namespace, a
 * Secret, a quota...: those are not errors, they are set aside (validate skips them, render
 * passes them through). A file without any REC is an error: it was most likely given by mistake,
 * and "valid" would hide that. Two RECs with the same namespace/name are an error: applied, the
 * second would silently replace the first. `validate` looks for them within each file (files of
 * separate environments often reuse one name); `render` across all its files, since its output
 * is applied as one.
 */
import { KIND } from '../api/manifest.js';
import { cutText } from '../api/shown.js';
import type { SpecProblem } from '../api/issues.js';
import { isMapping } from './read-manifests.js';
import type { ManifestObject } from './manifest-objects.js';

export interface FileObjects {
  readonly file: string;
  readonly objects: readonly ManifestObject[];
}

export interface Selection {
  /** The RECs, in file order. */
  readonly clusters: ManifestObject[];
  /** Every other object, in file order. */
  readonly others: ManifestObject[];
  /** One line each: a file without any REC. */
  readonly problems: string[];
  /** The second (third, ...) REC of a namespace/name, and the problem to report with its own. */
  readonly duplicates: Map<ManifestObject, SpecProblem>;
}

/**
 * A REC is `kind: RedisEnterpriseCluster`; a mapping without a string `kind` is checked as one
 * too, so a misspelt `Kind:` or a bare spec gets "kind: must be ..." instead of being skipped.
 */
export function isClusterObject(value: Record<string, unknown>): boolean {
  return value.kind === KIND || typeof value.kind !== 'string';
}

/**
 * `namespace` overrides the manifests' own, as `render -n` does, since that is where they would
 * clash; `duplicatesAcrossFiles`: one name in two files is a clash too.
 */
export function selectClusters(
  files: readonly FileObjects[],
  options: { namespace?: string; duplicatesAcrossFiles?: boolean } = {},
): Selection {
  const clusters: ManifestObject[] = [];
  const others: ManifestObject[] = [];
  const problems: string[] = [];
  const duplicates = new Map<ManifestObject, SpecProblem>();
  const seen = new Map<string, ManifestObject>();
  for (const { file, objects } of files) {
    if (!options.duplicatesAcrossFiles) seen.clear();
    const found = objects.filter((o) => isClusterObject(o.value));
    if (found.length === 0) problems.push(`${file}: no RedisEnterpriseCluster found`);
    for (const object of objects) {
      if (!isClusterObject(object.value)) {
        others.push(object);
        continue;
      }
      clusters.push(object);
      const metadata = isMapping(object.value.metadata) ? object.value.metadata : {};
      if (typeof metadata.name !== 'string') continue;
      const namespace = options.namespace ?? (typeof metadata.namespace === 'string' ? metadata.namespace : '');
      const key = `${namespace}/${metadata.name}`;
      const first = seen.get(key);
      if (first) {
        const shown = cutText(namespace ? key : metadata.name);
        duplicates.set(object, {
          path: 'metadata.name',
          message: `RedisEnterpriseCluster ${shown} is defined twice (also in ${first.label})`,
        });
      } else {
        seen.set(key, object);
      }
    }
  }
  return { clusters, others, problems, duplicates };
}
