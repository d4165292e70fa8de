/**
 * Turns zod's issues into the messages users read: a field path in the manifest's own terms
 * (`spec.persistentSpec.volumeSize`, `spec.podTolerations[0].key`) and what is allowed, in the
 * words the API server uses for the same mistake.
 */
import type { z } from 'zod';
import { shown } from './shown.js';

export interface SpecProblem {
  /** Dotted path from the manifest root, e.g. `spec.nodes`. */
  readonly path: string;
  readonly message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += out.length === 0 ? String(step) : `.${String(step)}`;
  }
  return out;
}

// Every numeric field of the spec is an integer, and zod reports z.int() type errors as 'number'.
const OPENAPI_TYPE: Record<string, string> = {
  int: 'integer',
  number: 'integer',
  string: 'string',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  record: 'object',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be of type ${OPENAPI_TYPE[issue.expected] ?? issue.expected} (got ${kindOf(issue.input)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${shown(issue.input)})`;
    case 'invalid_union':
      return `must be a string or a number (got ${kindOf(issue.input)})`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big': {
      const input: unknown = issue.input;
      if (issue.origin === 'string')
        return `must be at most ${String(issue.maximum)} characters${typeof input === 'string' ? ` (got ${input.length})` : ''}`;
      if (issue.origin === 'array')
        return `must have at most ${String(issue.maximum)} items${Array.isArray(input) ? ` (got ${input.length})` : ''}`;
      return `must be at most ${String(issue.maximum)}${typeof input === 'number' ? ` (got ${input})` : ''}`;
    }
    default:
      return issue.message;
  }
}

/** zod issues below `prefix` (e.g. ['spec']) as problems, one per issue. */
export function problemsFrom(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): SpecProblem[] {
  return issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: messageOf(issue) }));
}
