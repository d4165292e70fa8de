// The runner's kubeconfig loader: what it reads itself, what it hands to client-node, and the
// errors that name what is missing. (Against a real API server: test/integration/kube-client.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type https from 'node:https';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../../lib/kube/kubeconfig.js';

const dir = () => mkdtempSync(join(tmpdir(), 'rec-kubeconfig-'));
const b64 = (text: string) => Buffer.from(text).toString('base64');

function kubeconfig(
  folder: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  namespace?: string,
): string {
  const file = join(folder, 'config');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'other', cluster: { server: 'https://wrong:1' } },
        { name: 'c', cluster },
      ],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', ...(namespace ? { namespace } : {}) } }],
      'current-context': 'ctx',
    }),
  );
  return file;
}

async function optionsFor(source: {
  applyToHTTPSOptions(o: https.RequestOptions): Promise<void>;
}): Promise<https.RequestOptions> {
  const options: https.RequestOptions = { headers: { Accept: 'application/json' } };
  await source.applyToHTTPSOptions(options);
  return options;
}

test('a token, the CA and the TLS server name of the current context; the namespace of the context', async () => {
  const folder = dir();
  const file = kubeconfig(
    folder,
    { server: 'https://api.example:6443', 'certificate-authority-data': b64('CA'), 'tls-server-name': 'kubernetes' },
    { token: 't0k3n' },
    'team-a',
  );
  const loaded = await loadKubeConfig({ file, env: {} });
  assert.equal(loaded.source.getCurrentCluster()?.server, 'https://api.example:6443');
  assert.equal(loaded.namespace, 'team-a');
  assert.equal(loaded.origin, file);
  const options = await optionsFor(loaded.source);
  assert.equal(String(options.ca), 'CA');
  assert.equal(options.servername, 'kubernetes');
  assert.deepEqual(
    options.headers,
    { Accept: 'application/json', Authorization: 'Bearer t0k3n' },
    'headers kept, token added',
  );
  assert.equal(options.rejectUnauthorized, undefined, 'verification stays on');
});

test('client certificate and key, by data or by a path relative to the kubeconfig; insecure-skip-tls-verify', async () => {
  const folder = dir();
  mkdirSync(join(folder, 'pki'));
  writeFileSync(join(folder, 'pki', 'client.crt'), 'CERT');
  writeFileSync(join(folder, 'ca.crt'), 'CA-FILE');
  const file = kubeconfig(
    folder,
    { server: 'https://x', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true },
    { 'client-certificate': 'pki/client.crt', 'client-key-data': b64('KEY') },
  );
  const options = await optionsFor((await loadKubeConfig({ file, env: {} })).source);
  assert.equal(String(options.ca), 'CA-FILE');
  assert.equal(String(options.cert), 'CERT');
  assert.equal((options.key as Buffer).toString(), 'KEY');
  assert.equal(options.rejectUnauthorized, false);
  assert.equal((options.headers as Record<string, string>).Authorization, undefined);
});

test('basic auth; a token file read at use', async () => {
  const folder = dir();
  const basic = await loadKubeConfig({
    file: kubeconfig(folder, { server: 'https://x' }, { username: 'admin', password: 'pw' }),
    env: {},
  });
  assert.equal((await optionsFor(basic.source)).auth, 'admin:pw');
  writeFileSync(join(folder, 'token'), 'first\n');
  const fromFile = await loadKubeConfig({
    file: kubeconfig(folder, { server: 'https://x' }, { tokenFile: 'token' }),
    env: {},
  });
  assert.equal(
    (await optionsFor(fromFile.source)).headers &&
      ((await optionsFor(fromFile.source)).headers as Record<string, string>).Authorization,
    'Bearer first',
  );
});

test('$KUBECONFIG with one file is read here; with several, and exec plugins, go to client-node', async () => {
  const folder = dir();
  const file = kubeconfig(folder, { server: 'https://one' }, { token: 'a' });
  const one = await loadKubeConfig({ env: { KUBECONFIG: file } });
  assert.equal(one.origin, file);
  const other = kubeconfig(dir(), { server: 'https://two' }, { token: 'b' });
  const several = await loadKubeConfig({ env: { KUBECONFIG: `${file}:${other}` } });
  assert.match(several.origin, /^client-node: several files/);
  assert.equal(several.source.getCurrentCluster()?.server, 'https://one', 'the first file decides, as kubectl');
  const exec = await loadKubeConfig({
    file: kubeconfig(
      dir(),
      { server: 'https://three' },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'true' } },
      'ns-x',
    ),
    env: {},
  });
  assert.match(exec.origin, /^client-node: .* uses an exec plugin/);
  assert.equal(exec.source.getCurrentCluster()?.server, 'https://three');
  assert.equal(exec.namespace, 'ns-x');
});

test('in a pod: the service account token, CA and namespace; IPv6 service hosts in brackets', async () => {
  const sa = dir();
  writeFileSync(join(sa, 'ca.crt'), 'POD-CA');
  writeFileSync(join(sa, 'token'), 'pod-token');
  writeFileSync(join(sa, 'namespace'), 'redis\n');
  const loaded = await loadKubeConfig({
    env: { HOME: dir(), KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
    serviceAccountDir: sa,
  });
  assert.equal(loaded.origin, 'in-cluster');
  assert.equal(loaded.namespace, 'redis');
  assert.equal(loaded.source.getCurrentCluster()?.server, 'https://[fd00::1]:443');
  const options = await optionsFor(loaded.source);
  assert.equal(String(options.ca), 'POD-CA');
  assert.equal((options.headers as Record<string, string>).Authorization, 'Bearer pod-token');
});

test('errors name what is missing', async () => {
  await assert.rejects(
    loadKubeConfig({ env: { HOME: dir() } }),
    /no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG/,
  );
  const folder = dir();
  const file = join(folder, 'config');
  writeFileSync(
    file,
    stringify({
      contexts: [{ name: 'ctx', context: { cluster: 'gone', user: 'u' } }],
      clusters: [],
      'current-context': 'ctx',
    }),
  );
  await assert.rejects(loadKubeConfig({ file, env: {} }), new RegExp(`kubeconfig ${file}: no cluster named "gone"`));
  writeFileSync(file, stringify({ contexts: [] }));
  await assert.rejects(loadKubeConfig({ file, env: {} }), /no current-context/);
  const missingCert = kubeconfig(folder, { server: 'https://x' }, { 'client-certificate': 'nope.crt' });
  await assert.rejects(loadKubeConfig({ file: missingCert, env: {} }), /client-certificate: ENOENT/);
});

test('a kubeconfig that is not YAML is named with the line, never quoted (it may hold a token)', async () => {
  const folder = dir();
  const file = join(folder, 'config');
  writeFileSync(file, 'users:\n- name: u\n  user:\n    token: do-not-log-me\n   bad: [\n');
  const error = await loadKubeConfig({ file, env: {} }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(error?.message ?? '', new RegExp(`^kubeconfig ${file}: not valid YAML at line 5, column 1`));
  assert.ok(!error?.message.includes('do-not-log-me'), error?.message);
  // The same through client-node (several files in KUBECONFIG), whose parser quotes lines too.
  const good = kubeconfig(dir(), { server: 'https://one' }, { token: 'a' });
  const merged = await loadKubeConfig({ env: { KUBECONFIG: `${good}:${file}` } }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(merged?.message ?? '', new RegExp(`^kubeconfig ${file}: not valid YAML at line \\d+, column \\d+`));
  assert.ok(!merged?.message.includes('do-not-log-me'), merged?.message);
  const missing = await loadKubeConfig({ file: join(folder, 'absent'), env: {} }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.equal(missing?.message, `kubeconfig ${join(folder, 'absent')}: cannot read it (ENOENT)`);
});
