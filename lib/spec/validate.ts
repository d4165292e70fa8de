/**
 * Validation of a whole REC manifest, optionally against the previous spec: what the CLI's
 * `validate`, `render` and the runner all call. It never throws on bad input; it returns every
 * problem it can name, each with its field path.
 */
import { clusterSpecSchema, type ParsedClusterSpec } from './schema.js';
import { editRules } from './edit-rules.js';
import { problemsFrom, formatPath, type SpecProblem } from './issues.js';
import { unknownFields } from './unknown-fields.js';
import {
  NOT_ACTED_ON_WARNING,
  NOT_ACTED_ON_FIELDS,
  NOT_ACTED_ON_NESTED,
  notActedOnMessage,
  runnerOnlyWarnings,
} from './not-acted-on.js';
import { additionalPodSpecWarnings } from '../pod-spec-merge.js';
import { API_VERSIONS, CLUSTER_NAME_MESSAGE, KIND, clusterNameHolds, namespaceProblem } from './manifest.js';
import { shown } from './shown.js';
import { podSecurityWarnings } from './pod-security-warnings.js';

export type { SpecProblem } from './issues.js';

export interface ValidCluster {
  readonly name: string;
  readonly namespace?: string;
  readonly spec: ParsedClusterSpec;
}

export interface ValidationResult {
  /** Problems that make the manifest invalid; empty when it is valid. */
  readonly errors: readonly SpecProblem[];
  /** Accepted but worth saying: fields we do not act on, fields we do not know, fields that fail Pod Security restricted. */
  readonly warnings: readonly SpecProblem[];
  /** The parsed cluster, when there are no errors. */
  readonly cluster?: ValidCluster;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The cluster's Role (its Secrets, Services, endpoints, pods) is bound to its ServiceAccount; the
 * namespace's `default` account is the one every pod without `serviceAccountName` runs as, so they
 * would all get it (with `createServiceAccount: false` as the official operator documents it, or
 * without: the namespace has that account already).
 */
function sharedAccountWarnings(spec: ParsedClusterSpec): SpecProblem[] {
  // With createServiceAccount the account "default" is the namespace's own all the same.
  if (spec.serviceAccountName !== 'default') return [];
  return [
    {
      path: 'spec.serviceAccountName',
      message:
        "every pod of the namespace that runs as ServiceAccount default gets the cluster's Role: reading its credentials and license Secrets, managing Services, endpoints and pod labels; use a ServiceAccount of the cluster's own",
    },
  ];
}

/** Parse a spec alone: errors with paths under `spec.`, and the defaulted spec. */
export function parseSpec(spec: unknown): { errors: SpecProblem[]; warnings: SpecProblem[]; spec?: ParsedClusterSpec } {
  const raw = spec ?? {};
  const result = clusterSpecSchema.safeParse(raw, { reportInput: true });
  const warnings: SpecProblem[] = [];
  if (isRecord(raw)) {
    for (const field of NOT_ACTED_ON_FIELDS) {
      if (raw[field] !== undefined) warnings.push({ path: `spec.${field}`, message: notActedOnMessage(field) });
    }
    for (const { path, why } of NOT_ACTED_ON_NESTED) {
      const value = path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), raw);
      if (value !== undefined)
        warnings.push({ path: formatPath(['spec', ...path]), message: `${NOT_ACTED_ON_WARNING} (${why})` });
    }
    for (const path of unknownFields(clusterSpecSchema, raw)) {
      warnings.push({
        path: formatPath(['spec', ...path]),
        message: 'unknown field: ignored (the API server prunes it)',
      });
    }
  }
  if (!result.success) return { errors: problemsFrom(result.error.issues, ['spec']), warnings };
  return {
    errors: [],
    warnings: [
      ...warnings,
      ...additionalPodSpecWarnings(result.data),
      ...runnerOnlyWarnings(result.data),
      ...podSecurityWarnings(result.data),
      ...sharedAccountWarnings(result.data),
    ],
    spec: result.data,
  };
}

/** The edit rules: what `next` may not do given `previous`. Both must already be valid. */
export function checkEdit(previous: ParsedClusterSpec, next: ParsedClusterSpec): SpecProblem[] {
  return editRules
    .filter((rule) => !rule.holds(previous, next))
    .map((rule) => ({ path: formatPath(['spec', ...rule.path]), message: rule.message(previous, next) }));
}

/** Validate a REC manifest; with `previous` (the manifest or its spec before the edit), the edit rules too. */
export function validateClusterManifest(manifest: unknown, options: { previous?: unknown } = {}): ValidationResult {
  const errors: SpecProblem[] = [];
  if (!isRecord(manifest)) return { errors: [{ path: '', message: 'must be a YAML or JSON object' }], warnings: [] };
  if (typeof manifest.apiVersion !== 'string' || !API_VERSIONS.includes(manifest.apiVersion)) {
    errors.push({
      path: 'apiVersion',
      message: `must be one of ${API_VERSIONS.join(', ')} (got ${shown(manifest.apiVersion)})`,
    });
  }
  if (manifest.kind !== KIND) errors.push({ path: 'kind', message: `must be ${KIND} (got ${shown(manifest.kind)})` });
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || !clusterNameHolds(name)) {
    errors.push({ path: 'metadata.name', message: `${CLUSTER_NAME_MESSAGE} (got ${shown(name)})` });
  }
  const badNamespace = namespaceProblem(metadata.namespace);
  if (badNamespace) errors.push(badNamespace);
  const parsed = parseSpec(manifest.spec);
  errors.push(...parsed.errors);
  if (parsed.spec && options.previous !== undefined) {
    const previousSpec =
      isRecord(options.previous) && 'spec' in options.previous ? options.previous.spec : options.previous;
    const before = parseSpec(previousSpec);
    if (before.spec) errors.push(...checkEdit(before.spec, parsed.spec));
    else errors.push(...before.errors.map((p) => ({ path: `previous ${p.path}`, message: p.message })));
  }
  if (errors.length > 0 || !parsed.spec) return { errors, warnings: parsed.warnings };
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return {
    errors,
    warnings: parsed.warnings,
    cluster: { name: name as string, ...(namespace ? { namespace } : {}), spec: parsed.spec },
  };
}
