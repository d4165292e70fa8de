/**
 * The memory runs' runner inside the built image (podman, the host's network), started with the
 * same `rec-cdk8s run` arguments as the host's child process and measured the same way: /proc of
 * its pid 1 as the host sees it.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startContainer } from '../scripts/image/container.js';
import { memoryRunArgs, startedMetricsPort, type RunnerLauncher } from './memory.js';
import { waitFor } from './kube.js';

const KUBECONFIG_DIR = '/etc/rec-cdk8s';

export function containerLauncher(image: string, workDir: string): RunnerLauncher {
  return async (kubeconfig, namespace, logFile) => {
    // The image runs as uid 65532: a copy it may read, in a directory of its own (private above
    // it), removed with the container: it holds the admin credentials.
    const parent = mkdtempSync(join(workDir, 'kubeconfig-'));
    const dir = join(parent, 'mount');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    copyFileSync(kubeconfig, join(dir, 'kubeconfig'));
    chmodSync(join(dir, 'kubeconfig'), 0o644);
    const container = await startContainer({
      image,
      name: `rec-cdk8s-bench-${process.pid}-${namespace}`,
      args: memoryRunArgs(`${KUBECONFIG_DIR}/kubeconfig`, namespace),
      options: [`--volume=${dir}:${KUBECONFIG_DIR}:ro`],
      maxSeconds: 3600,
    });
    const finish = async () => {
      writeFileSync(logFile, container.output());
      await container.remove();
      rmSync(parent, { recursive: true, force: true });
    };
    try {
      const metricsPort = await waitFor(
        'the runner in the container to start',
        () => {
          if (container.exitCode() !== undefined)
            throw new Error(`the container exited (${container.exitCode()}) before the runner started; see ${logFile}`);
          return startedMetricsPort(container.output());
        },
        60_000,
      );
      return {
        pid: await container.hostPid(),
        metricsPort,
        async stop() {
          await container.stop(10).catch(() => undefined);
          await finish();
        },
      };
    } catch (error) {
      await finish();
      throw error;
    }
  };
}
