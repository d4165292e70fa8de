/**
 * The runner image, built by `npm run image`'s code from the Dockerfile and run as the install's
 * Deployment runs it in a pod (kwok fakes pods, so podman runs it; see helpers/pod-as-container.ts):
 * the install's ServiceAccount token, CA and namespace at the in-cluster paths, non-root, read-only
 * root filesystem, the install's command (node flags), args and limits. It must find its
 * configuration in-cluster, reconcile a REC, answer its probes and /metrics, and on SIGTERM stop
 * cleanly as pid 1, releasing its Lease.
 *
 * Skipped, saying why, where podman, runc or mmdebstrap is not installed (`.ci/run` installs them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../../lib/kube/client.js';
import { installManifests } from '../../lib/render/install-manifests.js';
import { freePorts } from '../../scripts/control-plane/ports.js';
import { engineMissing, mustPodman } from '../../scripts/image/engine.js';
import { buildRunnerImage, type RunnerImage } from '../../scripts/image/runner-image.js';
import { startContainer, type RunningContainer } from '../../scripts/image/container.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { podAsContainer, type DeploymentLike, type PodAsContainer } from './helpers/pod-as-container.js';
import {
  SERVICE_ACCOUNT_MOUNT,
  serviceAccountVolume,
  type ServiceAccountVolume,
} from './helpers/service-account-volume.js';
import { connect, createNamespace, deleteNamespace, ensureCrd, waitFor, type Cluster } from './helpers/rec-cluster.js';
import { installRunnerIdentity } from './helpers/runner-process.js';
import { recManifest, recsIn } from './helpers/recs-in-namespace.js';

const missing = engineMissing();
if (missing) process.stderr.write(`[runner-image] skipped: ${missing}\n`);

type Any = KubeObject & { spec?: any; status?: any };
const LEASE = 'rec-cdk8s-runner';

describe('the runner image, run as the install runs it in a pod', { skip: missing ?? false }, () => {
  let cluster: Cluster;
  let ns: string;
  let image: RunnerImage;
  let pod: PodAsContainer;
  let podName: string;
  let serviceAccount: ServiceAccountVolume | undefined;
  let container: RunningContainer | undefined;

  /** The runner's JSON log line with this message. */
  const logged = (msg: string): Record<string, unknown> | undefined => {
    const line = container!
      .output()
      .split('\n')
      .find((l) => l.includes(`"msg":"${msg}"`));
    return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  };
  const lease = () => cluster.client.get<Any>(RESOURCE.lease, ns, LEASE);

  before(async () => {
    let buildLog = '';
    try {
      image = await buildRunnerImage({ log: (text) => (buildLog += text) });
    } catch (error) {
      throw new Error(
        `building the image failed: ${(error as Error).message}\n--- build output (end) ---\n${buildLog.slice(-4000)}`,
      );
    }
    cluster = connect();
    await ensureCrd(cluster.client);
    ns = await createNamespace(cluster.client, 'rec-image');
    await installRunnerIdentity(cluster.client, ns);
    const [metricsPort, healthPort] = await freePorts(2);
    const objects = installManifests({
      namespace: ns,
      watchNamespaces: [ns],
      metricsPort,
      healthPort,
    });
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as DeploymentLike;
    serviceAccount = await serviceAccountVolume(cluster.kubeConfig, cluster.client, ns, 'rec-runner');
    const server = new URL(cluster.kubeConfig.getCurrentCluster()!.server);
    podName = `rec-runner-${randomBytes(4).toString('hex')}`;
    pod = podAsContainer(deployment, {
      image: image.id,
      containerName: `rec-cdk8s-test-${podName}`,
      podName,
      namespace: ns,
      serviceAccountDir: serviceAccount.dir,
      apiServer: { host: server.hostname, port: server.port },
    });
  });

  after(async () => {
    await container?.remove();
    serviceAccount?.remove();
    if (cluster) {
      if (ns) await deleteNamespace(cluster.client, ns);
      cluster.client.close();
    }
  });

  it("is the image the install names, and its ENTRYPOINT is the install's command", async () => {
    assert.equal(pod.declaredImage, image.ref, "the install's default image is the tag npm run image gives");
    const config = JSON.parse(await mustPodman(['image', 'inspect', '--format', '{{json .Config}}', image.id])) as {
      Entrypoint: string[];
      User: string;
    };
    assert.deepEqual(
      config.Entrypoint,
      pod.command,
      "the Dockerfile's ENTRYPOINT (node flags included) is the Deployment's command",
    );
    assert.equal(config.User, '65532:65532');
  });

  it('starts with the in-cluster configuration, as a non-root user, on a read-only root filesystem', async () => {
    container = await startContainer(pod.spec);
    await waitFor(
      'the runner to start in the container',
      async () => {
        if (logged('runner started')) return true;
        const exited = container!.exitCode();
        if (exited !== undefined)
          throw new Error(`the container exited (${exited}) before the runner started:\n${container!.output()}`);
        return undefined;
      },
      90_000,
    );
    assert.equal(
      logged('loaded the Kubernetes configuration')?.kubeconfig,
      'in-cluster',
      'no kubeconfig: the mounted ServiceAccount',
    );
    assert.deepEqual(
      logged('runner started')?.namespaces,
      [ns],
      "the namespace to watch comes from the install's args",
    );

    // What the kernel says about the container's pid 1 (no user namespace: host and container ids agree).
    const pid = await container.hostPid();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim().split(/\s+/);
    assert.deepEqual(field('Uid'), ['65532', '65532', '65532', '65532']);
    assert.deepEqual(field('Gid'), ['65532', '65532', '65532', '65532']);
    assert.deepEqual(field('CapEff'), ['0000000000000000'], 'every capability dropped');
    assert.deepEqual(field('NoNewPrivs'), ['1']);
    assert.match(
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '),
      /^node --max-semi-space-size=2 --optimize-for-size build\/lib\/cli\/entry\.js run /,
    );
    // mountinfo: mount point is the 5th field, its options the 6th.
    const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const options = (point: string) => mounts.find((m) => m[4] === point)?.[5]?.split(',');
    assert.ok(options('/')?.includes('ro'), `root filesystem read-only: ${options('/')?.join(',')}`);
    assert.ok(options('/tmp')?.includes('rw'), 'the emptyDir at /tmp is writable');
    // /var/run is a symlink to /run in the image, as in most: the kernel lists the resolved path.
    const serviceAccountMount =
      options(SERVICE_ACCOUNT_MOUNT) ?? options(SERVICE_ACCOUNT_MOUNT.replace(/^\/var\/run\//, '/run/'));
    assert.ok(
      serviceAccountMount?.includes('ro'),
      `the ServiceAccount volume is mounted read-only: ${serviceAccountMount?.join(',')}`,
    );
  });

  it('reconciles a REC, holds the Lease, answers /healthz, /readyz and /metrics', async () => {
    await cluster.client.apply(recManifest(ns, 'imaged'), { fieldManager: 'rec-cdk8s-tests' });
    const rec = await recsIn(cluster.client, ns).stateIs('imaged', 'Running', 120_000);
    const sts = await cluster.client.get<Any>(RESOURCE.statefulSet, ns, 'imaged');
    assert.equal(
      sts?.metadata.ownerReferences?.[0]?.uid,
      rec.metadata.uid,
      'the StatefulSet, applied by the runner in the container, is owned by the REC',
    );
    assert.equal(
      (await lease())?.spec?.holderIdentity,
      podName,
      'the Lease is held under the pod name (POD_NAME from the downward API)',
    );

    for (const [what, url] of [
      ['liveness', pod.liveness],
      ['readiness', pod.readiness],
    ] as const) {
      await waitFor(`${what} probe ${url} to answer 200`, async () => (await fetch(url)).status === 200, 30_000);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${pod.ports.metrics}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? NaN);
    assert.ok(
      value(/^controller_runtime_reconcile_total\{[^}]*result="success"[^}]*\} (\d+)/m) >= 1,
      'reconciles counted',
    );
    assert.ok(
      value(/^rec_objects_applied_total\{[^}]*kind="StatefulSet"[^}]*\} (\d+)/m) >= 1,
      'the StatefulSet apply counted',
    );
    assert.equal(value(/^leader_election_master_status\{[^}]*\} (\d+)/m), 1, 'leading');
  });

  it('stops cleanly on SIGTERM within the grace period and releases the Lease', async () => {
    const code = await container!.stop(pod.terminationGraceSeconds);
    assert.equal(
      code,
      0,
      `exit code 0 (SIGKILL after the grace period would be 137):\n${container!.output().slice(-3000)}`,
    );
    assert.ok(logged('stopped cleanly'), 'the runner said it stopped cleanly');
    const released = await lease();
    assert.equal(released?.spec?.holderIdentity ?? '', '', 'the Lease has no holder: a successor takes over at once');
  });
});
