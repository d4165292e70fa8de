/**
 * Reads manifests from files (or `-` for stdin): multi-document YAML or JSON, each document a
 * mapping, labelled for messages as `file` (one document) or `file: document N` (several; N counts
 * every `---`-separated document, empty ones too, so it matches what the user sees in the file).
 *
 * Input that is not usable (unreadable, binary, not YAML, a document that is not a mapping) is an
 * `InputError` (exit 2) whose message never quotes the file: manifests may hold secrets, and
 * YAML parsers' own messages echo the lines around the error.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, type YAMLError } from 'yaml';

export interface SourceDocument {
  /** How messages name this document. */
  readonly label: string;
  readonly value: Record<string, unknown>;
}

export class InputError extends Error {}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a non-mapping value is, in words (never the value itself). */
export function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a timestamp';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** How messages name a file: `-` reads as a typo in `-: document 2: ...`, so stdin is `stdin`. */
export function sourceName(file: string): string {
  return file === '-' ? 'stdin' : file;
}

function readText(path: string): string {
  const file = sourceName(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // YAML is text: a NUL byte or invalid UTF-8 means an archive, an image, an encrypted file...
  if (bytes.includes(0)) throw new InputError(`${file}: not YAML or JSON: binary content`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file}: not YAML or JSON: not UTF-8 text`);
  }
}

/** Where and why, from the parser's error, without the source excerpt its message carries. */
function yamlProblem(error: YAMLError): string {
  const at = error.linePos?.[0];
  return `not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''} (${error.code})`;
}

export function readDocuments(path: string): SourceDocument[] {
  const text = readText(path);
  const file = sourceName(path);
  const documents = parseAllDocuments(text);
  const found: { index: number; value: unknown }[] = [];
  documents.forEach((doc, i) => {
    if (doc.errors.length > 0) throw new InputError(`${file}: ${yamlProblem(doc.errors[0]!)}`);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch {
      // toJS throws only for aliases; its message names the alias, i.e. quotes the file.
      const where = documents.length > 1 ? `${file}: document ${i + 1}` : file;
      throw new InputError(`${where}: not valid YAML (an alias has no anchor, or expands too far)`);
    }
    if (value !== null && value !== undefined) found.push({ index: i + 1, value });
  });
  if (found.length === 0) throw new InputError(`${file}: no document found`);
  return found.map(({ index, value }) => {
    const label = found.length === 1 ? file : `${file}: document ${index}`;
    if (!isMapping(value)) throw new InputError(`${label}: not a YAML mapping (got ${describeKind(value)})`);
    return { label, value };
  });
}
