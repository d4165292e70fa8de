/**
 * The runner's Secrets without list or watch: read by name once per REC generation, remembered
 * with the runner's own writes, so an idle resync reads nothing; read again after a spec change,
 * and after the REC is deleted (a REC re-created under its name sees the Secret as it is now).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeClient, KubeObject } from '../../lib/kube/client.js';
import { SecretStore } from '../../lib/runner/secret-store.js';

const secret = (name: string, data: Record<string, string> = {}) =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns' }, data }) as KubeObject;

function fakeClient(live: Map<string, KubeObject>) {
  const reads: string[] = [];
  const client = {
    get: async (_type: unknown, _ns: string, name: string) => (reads.push(name), live.get(name)),
  } as unknown as KubeClient;
  return { client, reads };
}

test('Secrets are read once per generation; a resync reads nothing; a spec change reads again', async () => {
  const live = new Map([['rec', secret('rec', { password: 'x' })]]);
  const { client, reads } = fakeClient(live);
  const store = new SecretStore(client);
  await store.load('uid', 1, 'ns', ['rec', 'rec-license', 'rec']);
  assert.deepEqual(reads.sort(), ['rec', 'rec-license']);
  assert.equal((store.get('ns', 'rec')?.data as Record<string, string> | undefined)?.password, 'x');
  assert.equal(store.get('ns', 'rec-license'), undefined, 'absent is remembered as absent');
  await store.load('uid', 1, 'ns', ['rec', 'rec-license']);
  assert.equal(reads.length, 2, 'a resync reads nothing');
  await store.load('uid', 2, 'ns', ['rec', 'rec-license']);
  assert.equal(reads.length, 4, 'a new generation reads again');
});

test("the runner's own writes are remembered; an invalidated Secret is read again; a deleted REC forgets", async () => {
  const live = new Map<string, KubeObject>();
  const { client, reads } = fakeClient(live);
  const store = new SecretStore(client);
  await store.load('uid', 1, 'ns', ['rec']);
  store.observe(secret('rec', { username: 'u' }));
  assert.equal((store.get('ns', 'rec')?.data as Record<string, string> | undefined)?.username, 'u');
  assert.deepEqual(
    store.list('ns').map((s) => s.metadata.name),
    ['rec'],
  );
  store.invalidate('ns', 'rec');
  live.set('rec', secret('rec', { username: 'u', password: 'p' }));
  await store.load('uid', 1, 'ns', ['rec']);
  assert.equal(
    (store.get('ns', 'rec')?.data as Record<string, string> | undefined)?.password,
    'p',
    'read again after it was invalidated',
  );
  store.forget('uid');
  assert.equal(store.get('ns', 'rec'), undefined);
  live.delete('rec');
  await store.load('uid-2', 1, 'ns', ['rec']);
  assert.equal(store.get('ns', 'rec'), undefined, 'a REC re-created under the name sees the Secret gone');
  assert.equal(reads.length, 3);
});
