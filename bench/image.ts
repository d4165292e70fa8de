/**
 * `npm run bench:image [-- --recs 0,100,1000]`: the runner image, in one run.
 *   - size: the image beside its base (what the Dockerfile adds: production node_modules and the
 *     compiled runner), as the engine stores them (uncompressed);
 *   - memory: the runner inside the image beside the same runner as a child process of the host's
 *     node (compiled by bench/memory.ts's buildRunner, same `rec-cdk8s run` arguments, same node
 *     flags, same Node version), each converging N RECs created at once in a fresh namespace
 *     (bench/memory.ts), the two alternating which goes first; peak (VmHWM) and idle RSS from /proc
 *     of the runner's pid as the host sees it. The ratio is what counts: the host run is the
 *     baseline, on the same control plane, in the same minutes.
 * Needs podman, runc and mmdebstrap (scripts/image/). Writes bench/results/image.json; the figures
 * go into bench/README.md by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { engineMissing, imageSize, mustPodman } from '../scripts/image/engine.js';
import { buildRunnerImage } from '../scripts/image/runner-image.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { containerLauncher } from './container-launcher.js';
import { connect, ensureCrd } from './kube.js';
import { buildRunner, hostLauncher, measureMemory, type MemoryResult, type RunnerLauncher } from './memory.js';
import { round } from './stats.js';

const MB = 1e6;
const { values } = parseArgs({ options: { recs: { type: 'string', default: '0,100' } } });
const sizes = values.recs.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 0))
  throw new Error(`--recs: comma-separated REC counts, e.g. 0,100,1000 (got ${values.recs})`);
const startedAt = Date.now();
const started = { date: new Date(startedAt).toISOString(), loadAverage: loadavg() };
const say = (msg: string) =>
  process.stderr.write(`[bench:image ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'rec-bench-image-'));

const missing = engineMissing();
if (missing) {
  say(missing);
  process.exit(1);
}

let controlPlane: ControlPlane | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    controlPlane?.stop();
    process.exit(130);
  });
}

/** Bytes under each path inside the image (du, apparent sizes). */
async function bytesInImage(image: string, paths: string[]): Promise<Record<string, number>> {
  const out = await mustPodman([
    'run',
    '--rm',
    '--pull=never',
    '--network=none',
    '--entrypoint=du',
    image,
    '-s',
    '-b',
    ...paths,
  ]);
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([bytes, path]) => [path!, Number(bytes)]),
  );
}

const side = (m: MemoryResult) => ({
  peakMb: round(m.peakMb, 1),
  idleMb: round(m.idleMb, 1),
  heapMb: round(m.heapMb, 1),
  converged: m.converged,
  convergeS: round(m.convergeMs / 1000, 1),
});

interface Pair {
  readonly recs: number;
  readonly host: MemoryResult;
  readonly container: MemoryResult;
  /** Which ran first. */
  readonly first: 'host' | 'container';
}

try {
  say('building the image (npm run image)');
  const image = await buildRunnerImage();
  const [baseBytes, imageBytes] = [await imageSize(image.base), await imageSize(image.id)];
  const app = await bytesInImage(image.id, ['/app/node_modules', '/app/build', '/usr/local/bin/node']);
  say(`image ${round(imageBytes / MB, 0)} MB, base ${round(baseBytes / MB, 0)} MB`);

  const [entry, cp] = await Promise.all([buildRunner(), startControlPlane({ nodes: 3, log: say })]);
  controlPlane = cp;
  const kube = connect(cp.kubeconfig);
  await ensureCrd(kube.client);
  const launchers: Record<Pair['first'], RunnerLauncher> = {
    host: hostLauncher(entry),
    container: containerLauncher(image.id, workDir),
  };
  const pairs: Pair[] = [];
  for (const [i, n] of sizes.entries()) {
    const order = i % 2 === 0 ? (['host', 'container'] as const) : (['container', 'host'] as const);
    const result: Partial<Record<Pair['first'], MemoryResult>> = {};
    for (const side of order) {
      say(`memory, ${n} RECs, runner on the ${side === 'host' ? 'host' : 'image'}`);
      result[side] = await measureMemory(kube, launchers[side], n, workDir, n >= 1000 ? 900_000 : 300_000);
    }
    pairs.push({ recs: n, host: result.host!, container: result.container!, first: order[0] });
  }
  kube.client.close();

  const results = {
    date: started.date,
    loadAverageAtStart: started.loadAverage,
    image: image.ref,
    base: image.base,
    sizeMB: {
      base: round(baseBytes / MB, 1),
      image: round(imageBytes / MB, 1),
      added: round((imageBytes - baseBytes) / MB, 1),
      nodeModules: round(app['/app/node_modules']! / MB, 1),
      build: round(app['/app/build']! / MB, 1),
      nodeBinary: round(app['/usr/local/bin/node']! / MB, 1),
    },
    memory: pairs.map((p) => ({
      recs: p.recs,
      first: p.first,
      host: side(p.host),
      container: side(p.container),
      peakRatio: round(p.container.peakMb / p.host.peakMb),
      idleRatio: round(p.container.idleMb / p.host.idleMb),
    })),
  };
  writeFileSync(join(import.meta.dirname, 'results', 'image.json'), `${JSON.stringify(results, null, 2)}\n`);
  const s = results.sizeMB;
  const flag = (c: boolean) => (c ? '' : '*');
  process.stdout.write(
    [
      '| image | MB |',
      '|---|---:|',
      `| base (Debian minbase + Node ${process.version.slice(1)} + npm) | ${s.base} |`,
      `| runner image | ${s.image} |`,
      `| added by the Dockerfile | ${s.added} (node_modules ${s.nodeModules}, build ${s.build}) |`,
      '',
      '| RECs | peak RSS, host / image, MB | image / host | idle RSS, host / image, MB | image / host | V8 heap, host / image, MB | create → converged, host / image, s | first |',
      '|---:|---:|---:|---:|---:|---:|---:|---|',
      ...results.memory.map(
        (m) =>
          `| ${m.recs} | ${m.host.peakMb}${flag(m.host.converged)} / ${m.container.peakMb}${flag(m.container.converged)} | ${m.peakRatio} | ${m.host.idleMb} / ${m.container.idleMb} | ${m.idleRatio} | ${m.host.heapMb} / ${m.container.heapMb} | ${m.recs > 0 ? `${m.host.convergeS} / ${m.container.convergeS}` : '–'} | ${m.first} |`,
      ),
      '',
    ].join('\n'),
  );
  say(`wrote bench/results/image.json; runner logs in ${workDir}`);
} finally {
  controlPlane?.stop();
}
