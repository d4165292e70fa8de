/**
 * On a real API server: the generated CRD is accepted and Established, `kubectl get rec` shows
 * the official printer columns, the server itself rejects every invalid REC the CLI rejects (with
 * the same message) and every refused edit, and accepts manifests written for the official operator.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { KubeApiError, type KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { clusterCrd } from '../../lib/api/crd/crd.js';
import { apiWordsOf, fixtures, messageOf } from '../fixtures/load.js';
import {
  connect,
  ensureCrd,
  createNamespace,
  deleteNamespace,
  kubeconfigPath,
  kubectl,
  type Cluster,
} from './helpers/rec-cluster.js';
import { apiError } from './helpers/api-error.js';

let cluster: Cluster;
let namespace: string;

before(async () => {
  cluster = connect();
  await ensureCrd(cluster.client);
  namespace = await createNamespace(cluster.client, 'rec-admission');
});
after(async () => {
  await deleteNamespace(cluster.client, namespace);
  cluster.client.close();
});

const FIELD_MANAGER = 'rec-cdk8s-tests';

function inNamespace(doc: Record<string, unknown>, name?: string): KubeObject {
  const metadata = { ...(doc.metadata as object), namespace, ...(name ? { name } : {}) } as KubeObject['metadata'];
  return { ...(doc as unknown as KubeObject), metadata };
}

const rejection = (promise: Promise<unknown>): Promise<KubeApiError> => apiError(promise, 'the API server accepted it');

test('the CRD is Established and served in v1 and v1alpha1', async () => {
  const crd = await cluster.client.get(
    RESOURCE.customResourceDefinition,
    undefined,
    (clusterCrd() as { metadata: { name: string } }).metadata.name,
  );
  const conditions = (crd?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
  assert.ok(
    conditions.some((c) => c.type === 'Established' && c.status === 'True'),
    JSON.stringify(conditions),
  );
});

// valid/ and official-spirit/ (our RECs in the spirit of the official examples) alike.
for (const fixture of [...fixtures('valid'), ...fixtures('official-spirit')]) {
  test(`accepted: ${fixture.file.split('/').slice(-2).join('/')}`, async () => {
    const created = await cluster.client.apply(inNamespace(fixture.documents[0]!), { fieldManager: FIELD_MANAGER });
    assert.equal(created.metadata.namespace, namespace);
  });
}

for (const fixture of fixtures('invalid').filter((f) => f.cliOnly)) {
  // These rules need what CEL cannot measure on the REC (bytes of merged maps, of the whole
  // object): the API server takes the REC, and the CLI and the runner refuse it before anything
  // is applied. The test holds the fixture to that: if the API server ever refused it, the
  // fixture would belong with the others.
  test(`accepted by the API server, refused by the CLI and the runner only: ${fixture.name} (${fixture.cliOnly})`, async () => {
    const created = await cluster.client.create(
      inNamespace(fixture.documents[0]!, `cli-only-${fixture.name}`.slice(0, 48)),
    );
    assert.equal(created.metadata.namespace, namespace);
  });
}

for (const fixture of fixtures('invalid').filter((f) => !f.cliOnly)) {
  test(`rejected by the API server: ${fixture.name}`, async () => {
    // A create (as `kubectl create` does), under a name of its own unless the name is the point.
    const document = fixture.documents[0]!;
    const aboutName = fixture.expect[0]!.startsWith('metadata.name');
    const error = await rejection(
      cluster.client.create(inNamespace(document, aboutName ? undefined : `invalid-${fixture.name}`.slice(0, 48))),
    );
    assert.equal(error.code, 422, error.message);
    const expected = fixture.api ?? apiWordsOf(fixture.expect[0]!);
    assert.ok(error.message.includes(expected), `API message:\n  ${error.message}\nshould contain:\n  ${expected}`);
    if (!fixture.api) {
      // The API server writes map keys as [key]; the CLI as .key (list indexes are [i] in both).
      const dotted = (text: string) => text.replace(/\[([^\]]+)\]/g, '.$1');
      const path = fixture.expect[0]!.split(': ')[0]!;
      assert.ok(dotted(error.message).includes(dotted(path)), `API message names ${path}: ${error.message}`);
    }
  });
}

for (const fixture of fixtures('edits')) {
  test(`edit on the API server: ${fixture.name}`, async () => {
    const name = `edit-${fixture.name}`.slice(0, 40);
    const [beforeDoc, afterDoc] = fixture.documents;
    // Create, then replace the whole object (as `kubectl replace` or `kubectl edit` do).
    const created = await cluster.client.create(inNamespace(beforeDoc!, name));
    const next = inNamespace(afterDoc!, name);
    const update = cluster.client.update({
      ...next,
      metadata: { ...next.metadata, resourceVersion: created.metadata.resourceVersion! },
    });
    if (fixture.expect.length === 0) {
      await update;
      return;
    }
    const error = await rejection(update);
    assert.equal(error.code, 422, error.message);
    for (const expectation of fixture.expect) {
      assert.ok(
        error.message.includes(messageOf(expectation)),
        `API message:\n  ${error.message}\nshould contain:\n  ${messageOf(expectation)}`,
      );
    }
  });
}

test('kubectl get rec shows the official printer columns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rec-kubectl-'));
  const manifest = join(dir, 'rec.yaml');
  writeFileSync(
    manifest,
    JSON.stringify(
      inNamespace(fixtures('valid').find((f) => f.name === 'official-minimal-v1')!.documents[0]!, 'columns'),
    ),
  );
  kubectl(['apply', '--server-side', '--field-manager', FIELD_MANAGER, '-f', manifest]);
  const table = kubectl(['get', 'rec', 'columns', '-n', namespace]);
  const header = table.split('\n')[0]!;
  for (const column of ['NAME', 'NODES', 'VERSION', 'STATE', 'SPEC STATUS', 'AGE'])
    assert.ok(header.includes(column), `${column} in: ${header}`);
  assert.match(table.split('\n')[1]!, /^columns\s+3\s/);
  assert.ok(kubeconfigPath());
  // The short name works too.
  assert.match(
    execFileSync(kubectlBinary(), ['--kubeconfig', kubeconfigPath(), 'get', 'rec', '-n', namespace, '-o', 'name'], {
      encoding: 'utf8',
    }),
    /redisenterprisecluster\.app\.redislabs\.com\/columns/,
  );
});

function kubectlBinary(): string {
  return kubectl.binary();
}
