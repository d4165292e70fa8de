/**
 * The CLI's commands as functions of (arguments, output streams) -> exit code, so tests call them
 * in-process and the binary is a thin shell around them. Exit codes: 0 success, 1 invalid
 * manifest (also: a file without any REC, a REC defined twice), 2 unusable input (unreadable
 * file, binary, not YAML, a document that is not a mapping, bad arguments).
 */
import { stringify } from 'yaml';
import { validateClusterManifest } from '../api/validate.js';
import { renderClusterManifest } from '../render/cluster-manifest.js';
import { clusterCrd } from '../api/crd/crd.js';
import { ClusterSpecError } from '../api/errors.js';
import { KIND } from '../api/manifest.js';
import { InputError, readDocuments, sourceName } from './read-manifests.js';
import { manifestObjects, objectName, type ManifestObject } from './manifest-objects.js';
import { selectClusters, type FileObjects } from './select-clusters.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const yamlOptions = { aliasDuplicateObjects: false, lineWidth: 0 } as const;

export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, yamlOptions)).join('---\n');
}

function nameOf(value: unknown): string | undefined {
  const name = (value as { metadata?: { name?: unknown } })?.metadata?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Every file read and its objects, Lists unpacked; an unusable file throws `InputError` (exit 2) before any check runs. */
function readFiles(files: readonly string[]): FileObjects[] {
  return files.map((file) => ({ file: sourceName(file), objects: manifestObjects(readDocuments(file)) }));
}

function skippedNote(object: ManifestObject): string {
  return `${object.where}: skipped ${objectName(object.value)}: not a RedisEnterpriseCluster`;
}

export function validateCommand(files: readonly string[], options: { previous?: string }, io: Output): number {
  const previousByName = new Map<string, unknown>();
  if (options.previous) {
    for (const object of manifestObjects(readDocuments(options.previous))) {
      const name = nameOf(object.value);
      if (object.value.kind === KIND && name) previousByName.set(name, object.value);
    }
    // Exit 2, unlike a checked file without a REC: --previous is an argument the edit rules cannot use.
    if (previousByName.size === 0)
      throw new InputError(`${sourceName(options.previous)}: no RedisEnterpriseCluster found`);
  }
  const selection = selectClusters(readFiles(files));
  for (const object of selection.others) io.err(skippedNote(object));
  for (const problem of selection.problems) io.err(problem);
  let failed = selection.problems.length > 0;
  for (const object of selection.clusters) {
    const name = nameOf(object.value);
    const duplicate = selection.duplicates.get(object);
    // With --previous and one REC on each side, compare them even if the name changed.
    const previous =
      name && previousByName.has(name)
        ? previousByName.get(name)
        : previousByName.size === 1
          ? [...previousByName.values()][0]
          : undefined;
    const result = validateClusterManifest(object.value, previous !== undefined ? { previous } : {});
    for (const warning of result.warnings) io.err(`${object.label}: warning: ${warning.path}: ${warning.message}`);
    const errors = duplicate ? [duplicate, ...result.errors] : result.errors;
    if (errors.length > 0) {
      failed = true;
      for (const problem of errors) io.err(`${object.label}: ${problem.path}: ${problem.message}`);
    } else {
      io.out(`${object.label}: ${name} is valid`);
    }
  }
  return failed ? 1 : 0;
}

/**
 * Other objects in the files (a Namespace, a Secret, ...) are passed through unchanged, before
 * the rendered objects: they are usually what the REC's objects need to exist first, so
 * `render gitops.yaml | kubectl apply -f -` applies the Namespace before anything in it.
 */
export function renderCommand(files: readonly string[], options: { namespace?: string }, io: Output): number {
  const selection = selectClusters(readFiles(files), {
    duplicatesAcrossFiles: true,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  for (const problem of selection.problems) io.err(problem);
  let failed = selection.problems.length > 0;
  const rendered: unknown[] = [];
  for (const object of selection.clusters) {
    const duplicate = selection.duplicates.get(object);
    if (duplicate) {
      failed = true;
      io.err(`${object.label}: ${duplicate.path}: ${duplicate.message}`);
    }
    try {
      const result = renderClusterManifest(object.value, options.namespace ? { namespace: options.namespace } : {});
      for (const warning of result.warnings) io.err(`${object.label}: warning: ${warning.path}: ${warning.message}`);
      rendered.push(...result.objects);
    } catch (error) {
      if (!(error instanceof ClusterSpecError)) throw error;
      failed = true;
      for (const problem of error.problems) io.err(`${object.label}: ${problem.path}: ${problem.message}`);
    }
  }
  // Nothing half-way: one invalid cluster and no object is printed.
  if (failed) return 1;
  io.out(toYamlDocuments([...selection.others.map((o) => o.value), ...rendered]).trimEnd());
  return 0;
}

export function crdCommand(io: Output): number {
  io.out(toYamlDocuments([clusterCrd()]).trimEnd());
  return 0;
}
