/**
 * The spec's public types (lib/spec/spec-types.ts) are what the schema generates now, and an
 * editor shows a description and a default for every field reachable from the spec, as the
 * TypeScript language service answers a hover. (The package test asks the same of the published
 * declarations, in a stock cdk8s app.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPEC_TYPES_FILE, specTypesSource } from '../../scripts/spec-types.js';
import { NOT_ACTED_ON_FIELDS } from '../../lib/spec/not-acted-on.js';
import { consumerService } from '../support/type-docs.js';

const root = process.cwd();

test('lib/spec/spec-types.ts is what the schema generates (else: npm run generate)', async () => {
  assert.equal(
    readFileSync(join(root, SPEC_TYPES_FILE), 'utf8'),
    await specTypesSource(),
    'the spec types differ from the schema: run npm run generate and commit the result',
  );
});

const consumer = join(root, 'test', 'unit', 'spec-consumer.ts');
const CONSUMER = `import type { RedisEnterpriseClusterSpec } from '../../lib/spec/spec-types.js';
export type { RedisEnterpriseClusterSpec };
export const spec: RedisEnterpriseClusterSpec = {
  nodes: 5,
  persistentSpec: { volumeSize: '20Gi' },
  uiServiceType: 'LoadBalancer',
  sideContainersSpec: [{ name: 'shipper', image: 'busybox', command: ['sleep'] }],
  ldap: {
    protocol: 'LDAPS',
    servers: [{ host: 'ldap.example.com' }],
    authenticationQuery: { template: 'cn=%u' },
    authorizationQuery: { attribute: 'memberOf' },
  },
};
`;

test('hovering a spec field shows its description and default', () => {
  const service = consumerService(consumer, CONSUMER);
  assert.deepEqual(service.diagnostics, []);
  const nodes = service.hover('nodes:');
  assert.match(nodes.signature, /RedisEnterpriseClusterSpec\.nodes\?: number/);
  assert.match(nodes.documentation, /^Number of Redis Enterprise nodes: odd, at least 3/);
  assert.deepEqual(nodes.tags, ['@default 3']);
  const volumeSize = service.hover('volumeSize:');
  assert.match(volumeSize.signature, /PersistentConfigurationSpec\.volumeSize\?: Quantity/);
  assert.deepEqual(volumeSize.tags, ['@default 5 x the memory request of a node']);
  assert.deepEqual(service.hover('uiServiceType:').tags, ['@default ClusterIP']);
  // A Kubernetes field the schema passes through: documented from the Kubernetes API.
  assert.match(service.hover('command:').documentation, /^Entrypoint array/);
  // A field accepted and not acted on says so, and what the official operator does with it.
  assert.match(service.hover('ldap:').documentation, /Accepted, not acted on: /);
  assert.match(service.hover('protocol:').signature, /LDAPSpec\.protocol: "LDAP" \| "LDAPS" \| "STARTTLS"/);
});

test('no field reachable from the spec lacks a description or a @default in its hover', () => {
  const service = consumerService(consumer, CONSUMER);
  assert.deepEqual(service.undocumented('RedisEnterpriseClusterSpec'), []);
});

test('every field accepted and not acted on is typed (not unknown) and says it is not acted on', () => {
  const text = readFileSync(join(root, SPEC_TYPES_FILE), 'utf8');
  for (const field of NOT_ACTED_ON_FIELDS) {
    const declaration = new RegExp(
      `Accepted, not acted on: [^\\n]*\\n[^\\n]*@default[^\\n]*\\n\\s*\\*/\\n\\s*readonly ${field}\\?: ([^;]+);`,
    );
    const match = declaration.exec(text);
    assert.ok(match, `spec.${field} is declared with its not-acted-on description`);
    assert.notEqual(match[1], 'unknown', `spec.${field} has a type`);
  }
});
