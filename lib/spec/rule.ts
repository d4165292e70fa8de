/**
 * One rule, two enforcers. Every check that is more than a type lives here once, with the zod
 * refinement the CLI and the runner run and the CEL rule the API server runs at admission, and
 * with one message text for both, so a user sees the same words from `rec-cdk8s validate`,
 * `kubectl apply` and the runner's status.
 */
import { z } from 'zod';
import { shown } from './shown.js';

/** A CEL validation rule as it goes into `x-kubernetes-validations`. */
export interface CelValidation {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
}

/** What the CRD generator needs beyond what zod itself says about a schema node. */
export interface OpenApiMeta {
  /** `x-kubernetes-int-or-string`: quantities and ports. */
  readonly intOrString?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`: Kubernetes core types we pass through, and fields we accept but do not act on. */
  readonly preserveUnknownFields?: boolean;
  /**
   * Bounds the API server needs to estimate the cost of CEL rules (a rule over an unbounded string,
   * list or map is refused at CRD creation). Generous: they are limits for the estimate, not policy.
   */
  readonly maxLength?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  /** CEL rules evaluated with `self` bound to this node. */
  readonly validations?: readonly CelValidation[];
}

/** The registry the CRD generator reads; keyed by schema instance, like zod's own metadata. */
export const openApiRegistry = z.registry<OpenApiMeta>();

export interface Rule<T> {
  /** Where the error points, below the node the rule sits on; empty for the node itself. */
  readonly path?: readonly string[];
  /** The zod side: true when the value is acceptable. */
  holds(value: T): boolean;
  /**
   * The text of the error, the same the CEL rule produces. The CRD generator calls it without a
   * value for a rule with no `celMessageExpression` (CEL has no value to give it): such a
   * rule's message must not depend on the value.
   */
  message(value?: T): string;
  /**
   * The offending value, quoted after the message as ` (got X)` by the CLI and the runner (cut
   * when long, see shown.ts). The API server quotes the value itself, so the CEL message stops
   * before it. Undefined: nothing is quoted (secrets, or nothing worth quoting).
   */
  got?(value: T): unknown;
  /**
   * The CEL side: `self` is the node; a `messageExpression` when the message quotes the value.
   * Absent for the few rules the API server cannot run on the REC (say why at the rule): those
   * are CLI-and-runner only, listed in the README.
   */
  readonly cel?: string;
  readonly celMessageExpression?: string;
}

/** Attach `rules` to `schema` for both enforcers; returns the refined schema. */
export function withRules<S extends z.ZodType>(schema: S, rules: readonly Rule<z.output<S>>[]): S {
  const refined = schema.superRefine((value, ctx) => {
    for (const rule of rules) {
      if (!rule.holds(value)) {
        const got = rule.got?.(value);
        const message = got === undefined ? rule.message(value) : `${rule.message(value)} (got ${shown(got)})`;
        ctx.addIssue({ code: 'custom', path: [...(rule.path ?? [])], message });
      }
    }
  });
  const previous = openApiRegistry.get(schema) ?? {};
  const validations = rules.flatMap((rule): CelValidation[] =>
    rule.cel === undefined
      ? []
      : [
          {
            rule: rule.cel,
            ...(rule.celMessageExpression
              ? { messageExpression: rule.celMessageExpression }
              : { message: rule.message() }),
            ...(rule.path && rule.path.length > 0 ? { fieldPath: rule.path.map((p) => `.${p}`).join('') } : {}),
          },
        ],
  );
  openApiRegistry.add(refined, { ...previous, validations: [...(previous.validations ?? []), ...validations] });
  return refined;
}

/**
 * Mark a schema node with generator metadata, keeping what it already had. Size bounds
 * (`maxLength`, `maxItems`, `maxProperties`) are enforced by zod too, so the CLI and the CRD
 * refuse at the same size: a bound is written once, here.
 */
export function withOpenApi<S extends z.ZodType>(schema: S, meta: OpenApiMeta): S {
  const previous = openApiRegistry.get(schema) ?? {};
  const bounded =
    meta.maxLength === undefined && meta.maxItems === undefined && meta.maxProperties === undefined
      ? schema
      : schema.superRefine((value, ctx) => {
          const problem = sizeProblem(value, meta);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        });
  openApiRegistry.add(bounded, { ...previous, ...meta });
  return bounded;
}

/** The words for a value over one of the size bounds of `meta`, or undefined when within them. */
export function sizeProblem(
  value: unknown,
  meta: Pick<OpenApiMeta, 'maxLength' | 'maxItems' | 'maxProperties'>,
): string | undefined {
  if (typeof value === 'string' && meta.maxLength !== undefined && value.length > meta.maxLength) {
    // The API server counts characters (code points), not UTF-16 units as String.length does.
    const characters = [...value].length;
    if (characters > meta.maxLength) return `must be at most ${meta.maxLength} characters (got ${characters})`;
  }
  if (Array.isArray(value) && meta.maxItems !== undefined && value.length > meta.maxItems) {
    return `must have at most ${meta.maxItems} items (got ${value.length})`;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && meta.maxProperties !== undefined) {
    const count = Object.keys(value).length;
    if (count > meta.maxProperties) return `must have at most ${meta.maxProperties} entries (got ${count})`;
  }
  return undefined;
}

/**
 * CEL for "the value at `path` below `root`, or `fallback` when any step is absent".
 * Written with `has()` chains instead of CEL optionals so it runs on every supported API server.
 */
export function celValueOr(root: string, path: readonly string[], fallback: string): string {
  const steps: string[] = [];
  let expr = root;
  for (const step of path) {
    expr = `${expr}.${step}`;
    steps.push(`has(${expr})`);
  }
  return `(${steps.join(' && ')} ? ${expr} : ${fallback})`;
}
