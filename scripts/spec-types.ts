/**
 * The spec's public TypeScript types, generated from the zod schema (lib/spec/schema.ts): an
 * interface per object of the spec with a name from the official API reference, every field with
 * its description and `@default`, so an editor shows both on hover and completes every field.
 * `npm run generate` writes lib/spec/spec-types.ts; test/unit/spec-types.test.ts fails when the
 * committed file differs from what the schema generates now.
 *
 * What the schema says of a field: its type, whether it may be left out, its description and its
 * default (`Default: ...` in a description is the default's wording, a default with none is
 * written as JSON). Beyond the schema:
 * - fields accepted and not acted on are `unknown` there (kept as written); their types are the
 *   hand-written ones of lib/spec/not-acted-on-types.ts, named in NOT_ACTED_ON_TYPES;
 * - the Kubernetes types the spec passes through (Container, Volume, ...) declare only what we
 *   check; their other fields, and the description of every field the schema does not describe,
 *   come from @kubernetes/client-node's model of that type (the Kubernetes API's own docs), typed
 *   one level deep (a nested Kubernetes object is `KubernetesFields`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as prettier from 'prettier';
import type { z } from 'zod';
import { clusterSpecSchema } from '../lib/spec/schema.js';
import {
  container,
  containerPort,
  envVar,
  hostAlias,
  imageSpec,
  localObjectReference,
  podAntiAffinity,
  quantity,
  resourceRequirements,
  storageSize,
  toleration,
  volume,
  volumeMount,
} from '../lib/spec/kubernetes-types.js';
import { NOT_ACTED_ON_FIELDS } from '../lib/spec/not-acted-on.js';
import { additionalPodSpecAttributes, spreadConstraint } from '../lib/spec/additional-pod-spec.js';
import { serviceOperatingMode } from '../lib/spec/external-access-schema.js';
import { isOptional, peel, type Def } from '../lib/crd/openapi.js';

export const SPEC_TYPES_FILE = join('lib', 'spec', 'spec-types.ts');
const root = process.cwd();

interface NamedType {
  readonly name: string;
  /** The type's own comment (its fields carry theirs). */
  readonly doc: string;
  /** The model in @kubernetes/client-node with the rest of its fields and their descriptions. */
  readonly kubernetes?: string;
  /** Fields of that model the schema leaves out on purpose (they are the cluster's own). */
  readonly without?: readonly string[];
}

/** Schema nodes shared by several fields: named by identity. */
const QUANTITY: NamedType = {
  name: 'Quantity',
  doc: 'A Kubernetes quantity: a string such as `"500m"`, `"4Gi"` or `"0.5"`, or a whole number.',
};
const SHARED = new Map<z.core.$ZodType, NamedType>([
  [
    additionalPodSpecAttributes,
    {
      name: 'PodSpecAttributes',
      doc: "Fields of a Kubernetes `PodSpec` added to pods of the cluster; the cluster's own settings win over them.",
      kubernetes: 'V1PodSpec',
      // The official CRD's PodSpec has no containers: the pods' containers are the cluster's.
      without: ['containers'],
    },
  ],
  [
    spreadConstraint,
    {
      name: 'TopologySpreadConstraint',
      doc: 'How pods spread over a topology (Kubernetes `TopologySpreadConstraint`).',
      kubernetes: 'V1TopologySpreadConstraint',
    },
  ],
  [serviceOperatingMode, { name: 'ServiceOperatingMode', doc: 'Whether one Redis Enterprise service runs.' }],
  [quantity, QUANTITY],
  [storageSize, QUANTITY],
  [imageSpec, { name: 'ImageSpec', doc: 'Where a container image comes from.' }],
  [
    resourceRequirements,
    {
      name: 'ResourceRequirements',
      doc: 'Compute resources of a container (Kubernetes `ResourceRequirements`).',
      kubernetes: 'V1ResourceRequirements',
    },
  ],
  [
    container,
    {
      name: 'Container',
      doc: 'A Kubernetes `Container`: the fields we check, and the others passed through as written.',
      kubernetes: 'V1Container',
    },
  ],
  [
    containerPort,
    {
      name: 'ContainerPort',
      doc: 'A port of a container (Kubernetes `ContainerPort`).',
      kubernetes: 'V1ContainerPort',
    },
  ],
  [envVar, { name: 'EnvVar', doc: 'An environment variable (Kubernetes `EnvVar`).', kubernetes: 'V1EnvVar' }],
  [
    volumeMount,
    {
      name: 'VolumeMount',
      doc: 'A volume mounted in a container (Kubernetes `VolumeMount`).',
      kubernetes: 'V1VolumeMount',
    },
  ],
  [
    volume,
    {
      name: 'Volume',
      doc: 'A volume of the node pods (Kubernetes `Volume`): a name and at most one source, passed through as written.',
      kubernetes: 'V1Volume',
    },
  ],
  [
    toleration,
    { name: 'Toleration', doc: 'A toleration of the pods (Kubernetes `Toleration`).', kubernetes: 'V1Toleration' },
  ],
  [
    hostAlias,
    { name: 'HostAlias', doc: "An entry of the pods' /etc/hosts (Kubernetes `HostAlias`).", kubernetes: 'V1HostAlias' },
  ],
  [
    localObjectReference,
    {
      name: 'LocalObjectReference',
      doc: 'A Secret of the same namespace, by name.',
      kubernetes: 'V1LocalObjectReference',
    },
  ],
  [
    podAntiAffinity,
    {
      name: 'PodAntiAffinity',
      doc: 'Kubernetes `PodAntiAffinity`, passed through as written.',
      kubernetes: 'V1PodAntiAffinity',
    },
  ],
]);

/** Objects of schema.ts, by their path in the spec: named after the official API reference. */
const BY_PATH: Record<string, NamedType> = {
  '': { name: 'RedisEnterpriseClusterSpec', doc: 'The spec of a RedisEnterpriseCluster: the cluster you want.' },
  persistentSpec: { name: 'PersistentConfigurationSpec', doc: 'Persistent storage of the Redis Enterprise nodes.' },
  servicesRiggerSpec: {
    name: 'ServicesRiggerConfigurationSpec',
    doc: 'The services rigger (Services Manager): the Services of the databases.',
  },
  services: { name: 'Services', doc: 'The Services created for the cluster.' },
  'services.apiService': { name: 'APIServiceSpec', doc: 'The Service of the REST API.' },
  securityContext: { name: 'SecurityContextSpec', doc: 'Security settings of the Redis Enterprise containers.' },
  'securityContext.resourceLimits': { name: 'ResourceLimitsSettings', doc: 'Resource limits of Redis Enterprise.' },
  'securityContext.readOnlyRootFilesystemPolicy': {
    name: 'ReadOnlyRootFilesystemPolicy',
    doc: 'A read-only root filesystem for the Redis Enterprise containers.',
  },
  serviceBrokerSpec: { name: 'ServiceBrokerSpec', doc: 'The Open Service Broker (operator releases up to 6.0.6).' },
  'serviceBrokerSpec.persistentSpec': { name: 'ServiceBrokerPersistentSpec', doc: 'The state volume of the broker.' },
  ingressOrRouteSpec: {
    name: 'IngressOrRouteSpec',
    doc: 'Access to the REST API and the databases from outside Kubernetes: an Ingress, an OpenShift Route or Istio.',
  },
  activeActive: {
    name: 'ActiveActive',
    doc: 'The older form of `IngressOrRouteSpec` (an Ingress or an OpenShift Route); at most one of the two.',
  },
  ossClusterSettings: { name: 'OssClusterSettings', doc: 'External access to OSS cluster databases.' },
  'ossClusterSettings.loadBalancer': {
    name: 'OssClusterLoadBalancerSettings',
    doc: 'The per-node LoadBalancer Services of `externalAccessType: LoadBalancer`.',
  },
  usageMeter: { name: 'UsageMeterSpec', doc: 'The usage meter.' },
  'usageMeter.callHomeClient': {
    name: 'CallHomeClient',
    doc: "The call home client: a CronJob that sends the cluster's usage report to Redis.",
  },
  'usageMeter.callHomeClient.s3Target': { name: 'CallHomeS3Target', doc: 'An S3-compatible target of the report.' },
  containerTimezone: { name: 'ContainerTimezoneSpec', doc: 'The timezone of the Redis Enterprise containers.' },
  'containerTimezone.propagateHost': {
    name: 'PropagateHost',
    doc: "Use the host's timezone: an empty object (`{}`) turns it on.",
  },
  'userDefinedModules[]': { name: 'UserDefinedModule', doc: 'A module Redis Enterprise installs on every node.' },
  'userDefinedModules[].source': {
    name: 'ModuleSource',
    doc: 'Where a module is downloaded from: exactly one of http and https.',
  },
  'userDefinedModules[].source.http': { name: 'HTTPModuleSource', doc: 'A module downloaded over HTTP.' },
  'userDefinedModules[].source.https': { name: 'HTTPSModuleSource', doc: 'A module downloaded over HTTPS.' },
  redisOnFlashSpec: { name: 'RedisOnFlashSpec', doc: 'Redis Flex (Redis on Flash): a flash volume claim per node.' },
  podStartingPolicy: {
    name: 'StartingPolicy',
    doc: 'Node pods stuck in ContainerCreating are deleted after a threshold.',
  },
  upgradeSpec: { name: 'UpgradeSpec', doc: 'How a running cluster follows new Redis Enterprise versions.' },
  redisEnterpriseServicesConfiguration: {
    name: 'RedisEnterpriseServicesConfiguration',
    doc: 'Optional Redis Enterprise services, each on or off.',
  },
};

/** The hand-written types of the fields accepted and not acted on (lib/spec/not-acted-on-types.ts). */
const NOT_ACTED_ON_TYPES: Record<string, string> = {
  auditing: 'AuditingConfiguration',
  backup: 'Backup',
  certificates: 'RSClusterCertificates',
  clusterCredentialSecretRole: 'string',
  clusterRecovery: 'boolean',
  dataInternodeEncryption: 'boolean',
  encryptPkeys: 'boolean',
  ldap: 'LDAPSpec',
  ocspConfiguration: 'OcspConfiguration',
  podSecurityPolicyName: 'string',
  redisUpgradePolicy: "'major' | 'latest'",
  resp3Default: 'boolean',
  slaveHA: 'SlaveHA',
  sso: 'SSOSpec',
  usageReportFields: "'all' | 'restricted'",
  vaultCASecret: 'string',
};

const KUBERNETES_FIELDS = 'KubernetesFields';
const PREAMBLE = `/**
 * GENERATED from the spec schema (lib/spec/schema.ts) by \`npm run generate\` (scripts/spec-types.ts):
 * do not edit. test/unit/spec-types.test.ts fails when this file and the schema differ.
 *
 * The RedisEnterpriseCluster spec as a user writes it: every field optional where the schema has
 * a default or may leave it out, each with its description and default. The types of the fields
 * we accept and do not act on are in not-acted-on-types.ts.
 */
`;

/** A field's comment: its description, then `@default`. */
interface FieldDoc {
  readonly description: string;
  readonly default: string;
}

interface Field {
  readonly name: string;
  readonly optional: boolean;
  readonly type: string;
  readonly doc: FieldDoc;
}

class Generator {
  private readonly declarations = new Map<string, string>();
  private readonly notActedOnUsed = new Set<string>();
  private readonly kubernetes = new KubernetesModels();
  private readonly problems: string[] = [];

  run(): string {
    this.objectType(clusterSpecSchema, '');
    if (this.problems.length > 0) throw new Error(`spec types:\n${this.problems.join('\n')}`);
    const imports = [...this.notActedOnUsed].sort();
    return [
      PREAMBLE,
      imports.length > 0 ? `import type { ${imports.join(', ')} } from './not-acted-on-types.js';\n` : '',
      `/** Fields of a Kubernetes API object, passed through as written: the API server checks them. */\nexport type ${KUBERNETES_FIELDS} = { readonly [field: string]: unknown };\n`,
      ...[...this.declarations.values()],
    ].join('\n');
  }

  /** The TypeScript type of a schema node (named types are declared once, then referred to). */
  private typeOf(schema: z.core.$ZodType, path: string): string {
    const { node } = peel(schema);
    const named = SHARED.get(node);
    const def = node._zod.def as Def & { options?: z.core.$ZodType[] };
    if (def.type === 'object' || named?.kubernetes) return this.objectType(node, path);
    if (named) {
      if (!this.declarations.has(named.name))
        this.declarations.set(
          named.name,
          `${comment([named.doc])}export type ${named.name} = ${this.inline(node, path)};\n`,
        );
      return named.name;
    }
    return this.inline(node, path);
  }

  private inline(node: z.core.$ZodType, path: string): string {
    const def = node._zod.def as Def & { options?: z.core.$ZodType[] };
    switch (def.type) {
      case 'string':
        return 'string';
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'enum':
        return Object.values(def.entries ?? {})
          .map((v) => JSON.stringify(v).replace(/"/g, "'"))
          .join(' | ');
      case 'union':
        return (def.options ?? []).map((o) => this.typeOf(o, path)).join(' | ');
      case 'array':
        return `${wrapArray(this.typeOf(def.element!, `${path}[]`))}[]`;
      case 'record':
        return `{ readonly [key: string]: ${this.typeOf(def.valueType!, `${path}{}`)} }`;
      case 'unknown':
        return 'unknown';
      default:
        throw new Error(
          `spec types: zod type "${def.type}" at ${path || 'spec'} has no TypeScript mapping in scripts/spec-types.ts`,
        );
    }
  }

  /** An object node as a named interface; its name from SHARED (by identity) or BY_PATH. */
  private objectType(node: z.core.$ZodType, path: string): string {
    const { node: inner } = peel(node);
    const named = SHARED.get(inner) ?? BY_PATH[path];
    const def = inner._zod.def as Def;
    if (!named)
      throw new Error(
        `spec types: the object at spec.${path} has no type name: add it to BY_PATH in scripts/spec-types.ts (the official API reference's name if it has one)`,
      );
    if (this.declarations.has(named.name)) return named.name;
    this.declarations.set(named.name, ''); // reserve: recursive references and order of first use
    const kubernetes = named.kubernetes ? this.kubernetes.fields(named.kubernetes) : new Map<string, KubernetesField>();
    const fields: Field[] = [];
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      const childPath = path ? `${path}.${key}` : key;
      fields.push(this.field(key, child, childPath, kubernetes.get(key)));
    }
    // The Kubernetes type's fields the schema does not declare: passed through as written.
    for (const [key, field] of kubernetes) {
      if (def.shape?.[key] || named.without?.includes(key)) continue;
      if (!field.description)
        this.problems.push(`${named.kubernetes}.${key} has no description in @kubernetes/client-node`);
      fields.push({
        name: key,
        optional: field.optional,
        type: field.type,
        doc: { description: field.description, default: field.optional ? '- the Kubernetes default' : '- required' },
      });
    }
    const body = fields
      .map(
        (f) =>
          `${comment([f.doc.description, `@default ${f.doc.default}`])}readonly ${f.name}${f.optional ? '?' : ''}: ${f.type};`,
      )
      .join('\n');
    // An object with no fields (`propagateHost: {}` turns something on) takes only `{}`.
    const declaration =
      fields.length === 0
        ? `export type ${named.name} = Readonly<Record<string, never>>;`
        : `export interface ${named.name} {\n${body}\n}`;
    this.declarations.set(named.name, `${comment([named.doc])}${declaration}\n`);
    return named.name;
  }

  private field(key: string, schema: z.core.$ZodType, path: string, kubernetes?: KubernetesField): Field {
    const peeled = peel(schema);
    const optional = isOptional(schema);
    const notActedOn = NOT_ACTED_ON_TYPES[key];
    const isNotActedOn = (NOT_ACTED_ON_FIELDS as readonly string[]).includes(path);
    let type: string;
    if (isNotActedOn) {
      if (!notActedOn)
        throw new Error(
          `spec types: spec.${path} is not acted on: give it a type in NOT_ACTED_ON_TYPES (scripts/spec-types.ts)`,
        );
      type = notActedOn;
      for (const name of notActedOn.replace(/'[^']*'/g, '').match(/\b[A-Z]\w*/g) ?? []) this.notActedOnUsed.add(name);
    } else {
      type = this.typeOf(schema, path);
    }
    const description = peeled.description || kubernetes?.description;
    if (!description) this.problems.push(`spec.${path} has no description: add .describe() in the schema`);
    return { name: key, optional, type, doc: fieldDoc(description ?? '', peeled.default, optional, path) };
  }
}

/** Splits `Default: ...` off a description; checks it against the schema's default. */
function fieldDoc(
  description: string,
  defaulted: ReturnType<typeof peel>['default'],
  optional: boolean,
  path: string,
): FieldDoc {
  const at = description.indexOf('Default:');
  const body = (at >= 0 ? description.slice(0, at) : description).trim();
  const words =
    at >= 0
      ? description
          .slice(at + 'Default:'.length)
          .trim()
          .replace(/\.$/, '')
      : undefined;
  if (defaulted && words !== undefined) {
    // The wording must name what the schema fills in, so the two cannot drift apart.
    for (const leaf of scalarLeaves(defaulted.value))
      if (!words.includes(leaf))
        throw new Error(`spec types: spec.${path} says "Default: ${words}", but its default has ${leaf}`);
  }
  if (words !== undefined) return { description: body, default: words };
  if (defaulted) {
    const isEmptyObject =
      typeof defaulted.value === 'object' && defaulted.value !== null && Object.keys(defaulted.value).length === 0;
    return {
      description: body,
      default: defaulted.prefault && isEmptyObject ? '- each field at its default' : JSON.stringify(defaulted.value),
    };
  }
  return { description: body, default: optional ? '- none' : '- required' };
}

function scalarLeaves(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') return Object.values(value).flatMap(scalarLeaves);
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

const wrapArray = (type: string) => (/[|&]/.test(type) ? `(${type})` : type);

function comment(lines: readonly string[]): string {
  const text = lines.filter((l) => l.length > 0).flatMap((l) => l.split('\n'));
  if (text.length === 0) return '';
  return `/**\n${text.map((l) => ` * ${l.replace(/\*\//g, '*\\/')}`).join('\n')}\n */\n`;
}

interface KubernetesField {
  readonly optional: boolean;
  readonly type: string;
  readonly description: string;
}

/** Fields of client-node's Kubernetes models (its generated classes), typed one level deep. */
class KubernetesModels {
  private readonly dir = join(root, 'node_modules', '@kubernetes', 'client-node', 'dist', 'gen', 'models');

  fields(model: string): Map<string, KubernetesField> {
    const file = join(this.dir, `${model}.d.ts`);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const cls = source.statements.find(
      (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === model,
    );
    if (!cls) throw new Error(`spec types: no class ${model} in @kubernetes/client-node`);
    const out = new Map<string, KubernetesField>();
    for (const member of cls.members) {
      if (!ts.isPropertyDeclaration(member) || member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword))
        continue;
      const name = member.name.getText(source).replace(/^'|'$/g, '');
      // A field whose type is another model has no comment of its own: that model's comment says what it is.
      const description = docOf(member) || this.modelDoc(referencedModel(member.type, source));
      out.set(name, { optional: !!member.questionToken, type: shallowType(member.type, source), description });
    }
    return out;
  }

  /** The comment of a model class, or '' for none. */
  private modelDoc(model: string | undefined): string {
    if (!model) return '';
    const file = join(this.dir, `${model}.d.ts`);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const cls = source.statements.find(
      (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === model,
    );
    return cls ? docOf(cls) : '';
  }
}

function docOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((d) => (ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? '') : ''))
    .join(' ')
    .replace(/\\(['"])/g, '$1') // client-node's generator escapes quotes in its comments
    .replace(/\s+/g, ' ')
    .trim();
}

/** The client-node model a property type refers to (`V1Probe`, `Array<V1EnvVar>`), if any. */
function referencedModel(node: ts.TypeNode | undefined, source: ts.SourceFile): string | undefined {
  if (!node || !ts.isTypeReferenceNode(node)) return undefined;
  const name = node.typeName.getText(source);
  if (name === 'Array') return referencedModel(node.typeArguments?.[0], source);
  return /^V\d/.test(name) ? name : undefined;
}

/** A client-node property type, one level deep: nested Kubernetes objects become KubernetesFields. */
function shallowType(node: ts.TypeNode | undefined, source: ts.SourceFile): string {
  if (!node) return 'unknown';
  if (node.kind === ts.SyntaxKind.StringKeyword) return 'string';
  if (node.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (node.kind === ts.SyntaxKind.AnyKeyword) return 'unknown';
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(source);
    if (name === 'Array' && node.typeArguments?.[0])
      return `${wrapArray(shallowType(node.typeArguments[0], source))}[]`;
    if (name === 'IntOrString') return 'string | number';
    if (name === 'Date') return 'string';
    return KUBERNETES_FIELDS;
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index) return `{ readonly [key: string]: ${shallowType(index.type, source)} }`;
  }
  throw new Error(`spec types: no mapping for the client-node type ${node.getText(source)}`);
}

/** The generated file, formatted as `npm run lint` wants it. */
export async function specTypesSource(): Promise<string> {
  const text = new Generator().run();
  const options = (await prettier.resolveConfig(join(root, SPEC_TYPES_FILE))) ?? {};
  return prettier.format(text, { ...options, parser: 'typescript' });
}
