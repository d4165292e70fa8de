/**
 * zod schema -> Kubernetes structural OpenAPI v3 schema. We walk zod's definitions ourselves
 * instead of using a generic JSON Schema exporter: a CRD needs a structural schema (a type on
 * every node, no $ref, no anyOf with types), the `x-kubernetes-*` extensions, and CEL rules in
 * `x-kubernetes-validations`, none of which a generic exporter produces.
 */
import { z } from 'zod';
import { openApiRegistry, type CelValidation, type OpenApiMeta } from '../spec/rule.js';

export interface JsonSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  required?: string[];
  items?: JsonSchemaProps;
  additionalProperties?: JsonSchemaProps;
  enum?: (string | number | boolean)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  maxProperties?: number;
  format?: string;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-validations'?: CelValidation[];
}

/** What the walkers read of a zod node's definition (an interface: plain-declarations.ts leaves it out of the published declarations). */
export interface Def {
  type: string;
  defaultValue?: unknown;
  innerType?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: {
    _zod: {
      def: { check: string; format?: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean };
    };
  }[];
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly']);

/** A schema node below its wrappers, with what the wrappers said (also read by scripts/spec-types.ts). */
export interface PeeledNode {
  readonly node: z.core.$ZodType;
  readonly meta: OpenApiMeta;
  readonly description?: string;
  /** The outermost `.default()` or `.prefault()`. */
  readonly default?: { readonly value: unknown; readonly prefault: boolean };
}

/** Walk wrappers down to the value schema, gathering metadata, description and default on the way. */
export function peel(schema: z.core.$ZodType): PeeledNode {
  let node = schema;
  let meta: OpenApiMeta = {};
  let description: string | undefined;
  let defaulted: PeeledNode['default'];
  for (;;) {
    meta = {
      ...openApiRegistry.get(node as z.ZodType),
      ...meta,
      validations: [...(meta.validations ?? []), ...(openApiRegistry.get(node as z.ZodType)?.validations ?? [])],
    };
    description ??= z.globalRegistry.get(node as z.ZodType)?.description;
    const def = node._zod.def as Def;
    if ((def.type === 'default' || def.type === 'prefault') && !defaulted)
      defaulted = { value: def.defaultValue, prefault: def.type === 'prefault' };
    if (WRAPPERS.has(def.type) && def.innerType) node = def.innerType;
    else
      return {
        node,
        meta,
        ...(description === undefined ? {} : { description }),
        ...(defaulted ? { default: defaulted } : {}),
      };
  }
}

/** Optional on input: absent is fine for the API server (`.optional()` or a default, at any wrapper level). */
export function isOptional(schema: z.core.$ZodType): boolean {
  let node = schema;
  for (;;) {
    const def = node._zod.def as Def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') return true;
    if (!WRAPPERS.has(def.type) || !def.innerType) return false;
    node = def.innerType;
  }
}

/** The structural schema of `schema`. */
export function toStructural(schema: z.core.$ZodType): JsonSchemaProps {
  const { node, meta, description } = peel(schema);
  const def = node._zod.def as Def;
  const out: JsonSchemaProps = {};
  if (description) out.description = description;

  if (meta.intOrString) {
    out['x-kubernetes-int-or-string'] = true;
  } else if (meta.preserveUnknownFields && (def.type === 'unknown' || def.type === 'any')) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  } else {
    switch (def.type) {
      case 'object': {
        out.type = 'object';
        const properties: Record<string, JsonSchemaProps> = {};
        const required: string[] = [];
        for (const [key, child] of Object.entries(def.shape ?? {})) {
          properties[key] = toStructural(child);
          if (!isOptional(child)) required.push(key);
        }
        if (Object.keys(properties).length > 0) out.properties = properties;
        if (required.length > 0) out.required = required;
        if (meta.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
        break;
      }
      case 'record':
        out.type = 'object';
        if (meta.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
        else if (def.valueType) out.additionalProperties = toStructural(def.valueType);
        break;
      case 'array':
        out.type = 'array';
        if (def.element) out.items = toStructural(def.element);
        for (const check of def.checks ?? []) {
          const c = check._zod.def;
          if (c.check === 'max_length' && typeof c.maximum === 'number') out.maxItems = c.maximum;
        }
        break;
      case 'string':
        out.type = 'string';
        for (const check of def.checks ?? []) {
          const c = check._zod.def;
          if (c.check === 'min_length' && typeof c.minimum === 'number') out.minLength = c.minimum;
          if (c.check === 'max_length' && typeof c.maximum === 'number') out.maxLength = c.maximum;
        }
        break;
      case 'enum':
        out.type = 'string';
        out.enum = Object.values(def.entries ?? {});
        break;
      case 'number': {
        const integer =
          (def as { format?: string }).format === 'safeint' ||
          (def.checks ?? []).some((c) => c._zod.def.format === 'safeint');
        out.type = integer ? 'integer' : 'number';
        for (const check of def.checks ?? []) {
          const c = check._zod.def;
          // zod 4 keeps the bound of .min() and .max() in `value` (inclusive); older defs in minimum/maximum.
          // An exclusive bound (.gt(), .lt()) has no JSON Schema twin here: fail loudly rather than loosen it.
          if (c.inclusive === false) throw new Error('CRD generation: exclusive numeric bounds are not supported');
          const bound = c.value ?? (c.check === 'greater_than' ? c.minimum : c.maximum);
          if (c.check === 'greater_than' && typeof bound === 'number') out.minimum = bound;
          if (c.check === 'less_than' && typeof bound === 'number') out.maximum = bound;
        }
        if (integer) out.format = 'int64';
        break;
      }
      case 'boolean':
        out.type = 'boolean';
        break;
      default:
        throw new Error(
          `CRD generation: zod type "${def.type}" has no structural mapping; add one in lib/crd/openapi.ts`,
        );
    }
  }
  if (meta.maxLength !== undefined) out.maxLength = meta.maxLength;
  if (meta.maxItems !== undefined) out.maxItems = meta.maxItems;
  if (meta.maxProperties !== undefined) out.maxProperties = meta.maxProperties;
  if (meta.validations && meta.validations.length > 0) out['x-kubernetes-validations'] = [...meta.validations];
  return out;
}
