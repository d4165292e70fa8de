/**
 * The npm settings the Dockerfile's `npm ci` and `npm install` need to reach the registry the way
 * this machine's npm does: its registry, the CAs it trusts (a TLS-inspecting proxy's CA here, which
 * Node's bundled roots do not hold) and its proxy. They go in as root's home directory, a private
 * one bind-mounted over /root for the RUN steps only (`podman build --volume`), holding `.npmrc`
 * and a CA bundle: nothing of them lands in a layer (a mount over a path the image lacks would
 * leave an empty mount point behind; /root exists), npm's cache and logs stay out of the layers
 * too and are shared by both stages, and the Dockerfile stays as it is for a build with a registry.
 *
 * Registry credentials (`_authToken` and the like) are not carried over: the public registry
 * needs none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';

const KEYS = ['registry', 'cafile', 'proxy', 'https-proxy', 'noproxy', 'strict-ssl'] as const;
const HOME_IN_BUILD = '/root';

function hostNpmSettings(): Partial<Record<(typeof KEYS)[number], string>> {
  const result = spawnSync('npm', ['config', 'get', ...KEYS], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm config get failed: ${result.stderr.trim()}`);
  const settings: Partial<Record<(typeof KEYS)[number], string>> = {};
  for (const line of result.stdout.split('\n')) {
    const at = line.indexOf('=');
    const key = line.slice(0, at) as (typeof KEYS)[number];
    const value = line.slice(at + 1).trim();
    if (at > 0 && KEYS.includes(key) && value !== '' && value !== 'null' && value !== 'undefined')
      settings[key] = value;
  }
  return settings;
}

/**
 * Makes `dir/home` (inside `dir`, private to the caller) with `.npmrc` and `ca.pem`, and returns
 * the `podman build` arguments that mount it as the home of root, who runs the RUN steps.
 */
export function buildNpmHome(dir: string): string[] {
  const settings = hostNpmSettings();
  // Node's own roots, then whatever this machine's npm and Node trust besides.
  const extra = [settings.cafile, process.env.NODE_EXTRA_CA_CERTS].filter(
    (file): file is string => !!file && existsSync(file),
  );
  const ca = [...rootCertificates, ...extra.map((file) => readFileSync(file, 'utf8'))].join('\n');
  const lines = [
    `registry=${settings.registry ?? 'https://registry.npmjs.org/'}`,
    `cafile=${HOME_IN_BUILD}/ca.pem`,
    ...(['proxy', 'https-proxy', 'noproxy', 'strict-ssl'] as const).flatMap((key) =>
      settings[key] ? [`${key}=${settings[key]}`] : [],
    ),
    'update-notifier=false',
  ];
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  // 0600: a proxy URL may carry a password.
  writeFileSync(join(home, '.npmrc'), `${lines.join('\n')}\n`, { mode: 0o600 });
  writeFileSync(join(home, 'ca.pem'), ca, { mode: 0o644 });
  return ['--volume', `${home}:${HOME_IN_BUILD}`];
}
