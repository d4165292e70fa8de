/**
 * Type-level checks, compiled by `npm run typecheck` (nothing runs): a line that stops holding
 * fails the typecheck.
 */
import type { z } from 'zod';
import type { RedisEnterpriseClusterSpec as ImportedSpec } from '../../imports/app.redislabs.com.js';
import type { RedisEnterpriseClusterProps } from '../../lib/index.js';
import type { clusterSpecSchema } from '../../lib/spec/schema.js';

type ConstructSpec = NonNullable<RedisEnterpriseClusterProps['spec']>;

/** The struct `cdk8s import` makes of our CRD (imports/) is a spec the construct takes. */
export const fromCdk8sImport = (spec: ImportedSpec): ConstructSpec => spec;

/**
 * zod's input type of a Kubernetes object we pass through (`z.looseObject`) has an index signature
 * for the fields it keeps as written; the public types declare those fields instead.
 */
type Declared<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type WithoutPassThrough<T> = T extends (infer U)[]
  ? WithoutPassThrough<U>[]
  : T extends object
    ? keyof Declared<T> extends never
      ? [T[keyof T]] extends [never]
        ? object // an empty object that turns something on (containerTimezone.propagateHost: {})
        : unknown extends T[keyof T]
          ? object // a Kubernetes object passed through whole (podAntiAffinity, a volume source)
          : { [K in keyof T]: WithoutPassThrough<T[K]> }
      : { [K in keyof Declared<T>]: WithoutPassThrough<T[K]> }
    : T;

/** Every spec the public types allow is one the schema's own types take (the schema then checks the values). */
export const toSchemaInput = (spec: ConstructSpec): WithoutPassThrough<z.input<typeof clusterSpecSchema>> => spec;
