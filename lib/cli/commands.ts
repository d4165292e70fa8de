/**
 * The CLI's commands as functions of (arguments, output streams) -> exit code, so tests call them
 * in-process and the binary is a thin shell around them. Exit codes: 0 success, 1 invalid
 * manifest, 2 unusable input (unreadable file, not YAML, bad arguments).
 */
import { stringify } from 'yaml';
import { validateClusterManifest } from '../spec/validate.js';
import { renderClusterManifest } from '../render.js';
import { clusterCrd } from '../crd/crd.js';
import { ClusterSpecError } from '../errors.js';
import { InputError, isClusterDocument, readDocuments } from './read-manifests.js';
import { ClusterNamesSeen } from './duplicate-clusters.js';
import { shown } from '../spec/shown.js';

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

function namespaceOf(value: unknown): string | undefined {
  const namespace = (value as { metadata?: { namespace?: unknown } })?.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

export function validateCommand(files: readonly string[], options: { previous?: string }, io: Output): number {
  const previousByName = new Map<string, unknown>();
  if (options.previous) {
    for (const doc of readDocuments(options.previous)) {
      const name = nameOf(doc.value);
      if (isClusterDocument(doc.value) && name) previousByName.set(name, doc.value);
    }
    if (previousByName.size === 0) throw new InputError(`${options.previous}: no RedisEnterpriseCluster found`);
  }
  let failed = false;
  for (const file of files) {
    const seen = new ClusterNamesSeen();
    for (const doc of readDocuments(file)) {
      if (!isClusterDocument(doc.value)) {
        io.err(`${doc.label}: kind: must be RedisEnterpriseCluster (got ${shown((doc.value as { kind?: unknown })?.kind)})`);
        failed = true;
        continue;
      }
      const name = nameOf(doc.value);
      // With --previous and one REC on each side, compare them even if the name changed.
      const previous = name && previousByName.has(name) ? previousByName.get(name) : previousByName.size === 1 ? [...previousByName.values()][0] : undefined;
      const result = validateClusterManifest(doc.value, previous !== undefined ? { previous } : {});
      const duplicate = seen.problem(doc.label, name, namespaceOf(doc.value));
      const errors = [...result.errors, ...(duplicate ? [duplicate] : [])];
      for (const warning of result.warnings) io.err(`${doc.label}: warning: ${warning.path}: ${warning.message}`);
      if (errors.length > 0) {
        failed = true;
        for (const problem of errors) io.err(`${doc.label}: ${problem.path}: ${problem.message}`);
      } else {
        io.out(`${doc.label}: ${name} is valid`);
      }
    }
  }
  return failed ? 1 : 0;
}

export function renderCommand(file: string, options: { namespace?: string }, io: Output): number {
  const objects: unknown[] = [];
  let failed = false;
  const seen = new ClusterNamesSeen();
  for (const doc of readDocuments(file)) {
    if (!isClusterDocument(doc.value)) {
      io.err(`${doc.label}: kind: must be RedisEnterpriseCluster`);
      failed = true;
      continue;
    }
    const duplicate = seen.problem(doc.label, nameOf(doc.value), options.namespace ?? namespaceOf(doc.value));
    if (duplicate) {
      failed = true;
      io.err(`${doc.label}: ${duplicate.path}: ${duplicate.message}`);
    }
    try {
      const result = renderClusterManifest(doc.value, options.namespace ? { namespace: options.namespace } : {});
      for (const warning of result.warnings) io.err(`${doc.label}: warning: ${warning.path}: ${warning.message}`);
      objects.push(...result.objects);
    } catch (error) {
      if (!(error instanceof ClusterSpecError)) throw error;
      failed = true;
      for (const problem of error.problems) io.err(`${doc.label}: ${problem.path}: ${problem.message}`);
    }
  }
  // Nothing half-way: one invalid cluster and no object is printed.
  if (failed) return 1;
  io.out(toYamlDocuments(objects).trimEnd());
  return 0;
}

export function crdCommand(io: Output): number {
  io.out(toYamlDocuments([clusterCrd()]).trimEnd());
  return 0;
}
