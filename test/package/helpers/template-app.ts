/**
 * A new user's cdk8s app, made the way `cdk8s init typescript-app` makes it, for the package test
 * and `npm run bench:package`. The files come from the template inside the cdk8s-cli we depend on
 * (so they follow its version, not a copy of ours), with the placeholders `cdk8s init` fills. Its
 * post-init hook is not run: it ends with `cdk8s import` of the Kubernetes API, which needs the
 * internet; the steps that matter here (npm install, compile, test, synth) are run by the callers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cliRoot = join(repoRoot, 'node_modules', 'cdk8s-cli');
const templateDir = join(cliRoot, 'templates', 'typescript-app');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for commands in the app: ours, without the npm_* variables `npm test` sets
 * (npm_config_local_prefix and friends would point the app's npm at this repository), and with
 * cdk8s-cli's upgrade check off (it needs the internet and prints a stack trace without it).
 */
export function appEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_') || keep.has(key.toLowerCase())),
  );
  delete env.INIT_CWD;
  return { ...env, CDK8S_CHECK_UPGRADE: 'false', NO_UPDATE_NOTIFIER: '1', ...extra };
}

/** Run a command to completion, collecting its output (no shell). */
export function run(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = appEnv(),
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Like `run`, but a non-zero exit is an error carrying the output. */
export async function mustRun(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<RunResult> {
  const result = await run(cmd, args, cwd, env);
  if (result.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `npm pack` of this repository (its `prepare` builds it) into `dir`; returns the tarball's path and its files. */
export async function packPackage(dir: string): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await mustRun('npm', ['pack', '--json', '--pack-destination', dir], repoRoot, appEnv());
  // `prepare` prints the build's output before the JSON on stdout.
  const json = JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as { filename: string; files: { path: string }[] }[];
  const packed = json[0]!;
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** The values `cdk8s init` puts in the template: the versions cdk8s-cli itself resolves. */
function templateValues(appName: string): Record<string, string> {
  const requireFromCli = createRequire(join(cliRoot, 'lib', 'cli', 'cmds', 'init.js'));
  const version = (name: string) => (requireFromCli(`${name}/package.json`) as { version: string }).version;
  const cli = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  return {
    $base: appName,
    cdk8s_core_version: version('cdk8s'),
    cdk8s_plus_version: version('cdk8s-plus-33'),
    constructs_version: cli.dependencies.constructs!.replace('^', ''),
    cdk8s_cli_spec: `^${cli.version}`,
  };
}

/**
 * Write the stock typescript-app template into `dir` (which becomes the app, named after it), as
 * `cdk8s init typescript-app` does, minus its hook and its help text. Returns the files written.
 */
export function writeTemplateApp(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const values = templateValues(basename(dir));
  const fill = (text: string) => text.replace(/\{\{\s*([$\w]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
  const written: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      if (entry === '.hooks.sscaff.js' || entry === 'help') continue;
      const source = join(from, entry);
      // sscaff's file-name placeholders: `{{}}.gitignore` is `.gitignore` (npm drops dotfiles named so).
      const target = join(to, fill(entry.replace('{{}}', '')));
      if (statSync(source).isDirectory()) {
        mkdirSync(target, { recursive: true });
        copy(source, target);
      } else {
        writeFileSync(target, fill(readFileSync(source, 'utf8')));
        written.push(target);
      }
    }
  };
  copy(templateDir, dir);
  return written;
}

/** Total size in bytes of the files below `dir` (apparent size, as `du --apparent-size -b`). */
export function treeSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Names of the packages installed anywhere below `node_modules` (nested copies included). */
export function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(join(dir, entry))) {
          names.push(`${entry}/${scoped}`);
          walk(join(dir, entry, scoped, 'node_modules'));
        }
      } else {
        names.push(entry);
        walk(join(dir, entry, 'node_modules'));
      }
    }
  };
  walk(nodeModules);
  return names;
}

/**
 * The chart a user writes: the template's MyChart with a RedisEnterpriseCluster in it, its spec
 * put together from the package's named spec types (so the template's tsc checks those too).
 */
export const USER_MAIN_TS = `import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { RedisEnterpriseCluster } from 'redis-enterprise-cdk8s';
import type { PersistentConfigurationSpec, RedisEnterpriseClusterSpec, ResourceRequirements } from 'redis-enterprise-cdk8s';

const storage: PersistentConfigurationSpec = { storageClassName: 'fast', volumeSize: '20Gi' };
const resources: ResourceRequirements = { requests: { cpu: 2, memory: '4Gi' }, limits: { cpu: 2, memory: '4Gi' } };
const spec: RedisEnterpriseClusterSpec = {
  nodes: 3,
  persistentSpec: storage,
  redisEnterpriseNodeResources: resources,
  rackAwarenessNodeLabel: 'topology.kubernetes.io/zone',
};

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, { namespace: 'redis', ...props });

    new RedisEnterpriseCluster(this, 'Cache', { name: 'cache', spec });
  }
}

const app = new App();
new MyChart(app, 'redis');
app.synth();
`;

/** The template's own test, pointed at the chart above. */
export const USER_MAIN_TEST_TS = `import { MyChart } from './main';
import { Testing } from 'cdk8s';

describe('MyChart', () => {
  test('synthesizes the Redis Enterprise cluster', () => {
    const app = Testing.app();
    const chart = new MyChart(app, 'test-chart');
    const results = Testing.synth(chart);
    expect(results).toMatchSnapshot();
  });
});
`;

/** An ESM consumer: no TypeScript, no cdk8s-cli, the package's \`import\` condition. */
export const ESM_CONSUMER_MJS = `import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from 'redis-enterprise-cdk8s';

const app = new App();
const chart = new Chart(app, 'esm', { namespace: 'redis' });
new RedisEnterpriseCluster(chart, 'cache', { spec: { nodes: 3 } });
process.stdout.write(app.synthYaml());
`;
