import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crdYaml, CRD_FILE } from '../../lib/api/crd/crd-file.js';
import { clusterCrd } from '../../lib/api/crd/crd.js';
import type { JsonSchemaProps } from '../../lib/api/crd/openapi.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

test('the committed CRD is what the schema generates (run `npm run generate` after a schema change)', () => {
  assert.equal(readFileSync(repoFile(CRD_FILE), 'utf8'), crdYaml());
});

test('the typed import of the CRD is committed', () => {
  const imported = repoFile('imports/app.redislabs.com.ts');
  assert.ok(existsSync(imported));
  assert.match(readFileSync(imported, 'utf8'), /export class RedisEnterpriseCluster extends ApiObject/);
});

type Crd = { metadata: { name: string }; spec: any };

test('names, versions, subresource and printer columns match the official CRD', () => {
  const crd = clusterCrd() as Crd;
  assert.equal(crd.metadata.name, 'redisenterpriseclusters.app.redislabs.com');
  assert.deepEqual(crd.spec.names, {
    kind: 'RedisEnterpriseCluster',
    listKind: 'RedisEnterpriseClusterList',
    plural: 'redisenterpriseclusters',
    singular: 'redisenterprisecluster',
    shortNames: ['rec'],
  });
  assert.equal(crd.spec.scope, 'Namespaced');
  assert.deepEqual(
    crd.spec.versions.map((v: any) => [v.name, v.served, v.storage]),
    [
      ['v1', true, true],
      ['v1alpha1', true, false],
    ],
  );
  for (const v of crd.spec.versions) {
    assert.deepEqual(v.subresources, { status: {} });
    const columns = v.additionalPrinterColumns.map((c: any) => `${c.name}=${c.jsonPath}`);
    for (const expected of [
      'Nodes=.spec.nodes',
      'Version=.spec.redisEnterpriseImageSpec.versionTag',
      'State=.status.state',
      'Spec Status=.status.specStatus',
      'Age=.metadata.creationTimestamp',
    ]) {
      assert.ok(columns.includes(expected), expected);
    }
  }
});

/** Structural: every node has a type unless it is int-or-string or preserves unknown fields. */
function assertStructural(node: JsonSchemaProps, path: string): void {
  assert.ok(
    node.type || node['x-kubernetes-int-or-string'] || node['x-kubernetes-preserve-unknown-fields'],
    `${path} has a type`,
  );
  assert.equal((node as { anyOf?: unknown }).anyOf, undefined, `${path} has no anyOf`);
  assert.equal((node as { $ref?: unknown }).$ref, undefined, `${path} has no $ref`);
  if (node.properties && node.additionalProperties) assert.fail(`${path} has both properties and additionalProperties`);
  for (const [key, child] of Object.entries(node.properties ?? {})) assertStructural(child, `${path}.${key}`);
  if (node.items) assertStructural(node.items, `${path}[]`);
  if (node.additionalProperties) assertStructural(node.additionalProperties, `${path}{}`);
}

test('the schema is structural, and the rules are CEL on the nodes they check', () => {
  const schema = (clusterCrd() as Crd).spec.versions[0].schema.openAPIV3Schema as JsonSchemaProps;
  assertStructural(schema, '');
  const spec = schema.properties!.spec!;
  assert.equal(spec.properties!.nodes!.type, 'integer');
  assert.equal(spec.properties!.persistentSpec!.properties!.volumeSize!['x-kubernetes-int-or-string'], true);
  assert.equal(spec.properties!.ldap!['x-kubernetes-preserve-unknown-fields'], true);
  const rules = spec['x-kubernetes-validations']!;
  assert.ok(
    rules.some((r) => r.fieldPath === '.nodes' && r.rule.includes('% 2 == 1')),
    'odd nodes rule',
  );
  assert.ok(
    rules.some((r) => r.fieldPath === '.nodes' && r.rule.includes('oldSelf')),
    'no fewer nodes (transition rule)',
  );
  assert.ok(
    rules.some((r) => r.fieldPath === '.persistentSpec.storageClassName' && r.rule.includes('oldSelf')),
    'storage class fixed',
  );
  assert.ok(
    schema['x-kubernetes-validations']!.some((r) => r.fieldPath === '.metadata.name'),
    'name rule at the root',
  );
});
