/**
 * Finds fields the schema does not know. zod drops them silently; the API server prunes them (and
 * `kubectl` refuses them under strict field validation), so we name them instead: a typo such as
 * `node: 5` should not pass for a three-node cluster without a word.
 */
import type { z } from 'zod';

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (
      (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') &&
      def.innerType
    ) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

/** Paths (as arrays) of fields in `value` that `schema` does not declare. */
export function unknownFields(schema: z.core.$ZodType, value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  const node = unwrap(schema);
  const def = node._zod.def as {
    type: string;
    shape?: Record<string, z.core.$ZodType>;
    catchall?: z.core.$ZodType;
    element?: z.core.$ZodType;
    valueType?: z.core.$ZodType;
  };
  const found: PropertyKey[][] = [];
  if (def.type === 'object' && def.shape && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const declared = def.shape[key];
      if (declared) found.push(...unknownFields(declared, child, [...path, key]));
      else if (!def.catchall) found.push([...path, key]);
    }
  } else if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((item, i) => found.push(...unknownFields(def.element!, item, [...path, i])));
  } else if (def.type === 'record' && def.valueType && value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      found.push(...unknownFields(def.valueType, child, [...path, key]));
  }
  return found;
}
