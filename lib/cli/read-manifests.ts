/**
 * Reads REC manifests from files (or `-` for stdin): multi-document YAML or JSON, each document
 * labelled for messages as `file` (one document) or `file#N` (several).
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export interface SourceDocument {
  /** How messages name this document. */
  readonly label: string;
  readonly value: unknown;
}

export class InputError extends Error {}

export function readDocuments(file: string): SourceDocument[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const documents = parseAllDocuments(text);
  const values: unknown[] = [];
  for (const doc of Array.isArray(documents) ? documents : [documents]) {
    if (doc.errors.length > 0) throw new InputError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  if (values.length === 0) throw new InputError(`${file}: no document found`);
  return values.map((value, i) => ({ label: values.length === 1 ? file : `${file}#${i + 1}`, value }));
}

/** The documents that are RECs; others are reported so a wrong file is not silently "valid". */
export function isClusterDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'RedisEnterpriseCluster';
}
