/**
 * `rec-cdk8s ensure-password`: what the password generator Job of synthesized output runs. It
 * adds a crypto-random `password` to the credentials Secret once, inside the cluster, so the
 * password never exists in Git. The Secret itself comes from the same synthesized output; until
 * it (and the Job's RoleBinding) is there, this waits, then gives up so the Job retries.
 * Exit 0 when the Secret has a password (whether this run made it or not).
 */
import { KubeApiError, KubeClient } from '../kube/client.js';
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { RESOURCE } from '../kube/resources.js';
import { addPasswordIfAbsent } from '../runner/password.js';
import type { Output } from './commands.js';

export interface EnsurePasswordOptions {
  secret: string;
  namespace?: string;
  kubeconfig?: string;
  /** How long to wait for the Secret and the Job's access to it. */
  waitSeconds: string;
}

/** Not there yet: the GitOps tool may apply the Job before its Secret or RoleBinding. */
const notYet = (error: unknown) => error instanceof KubeApiError && (error.code === 403 || error.code === 404);

export async function ensurePasswordCommand(options: EnsurePasswordOptions, io: Output): Promise<number> {
  const waitMs = Number(options.waitSeconds) * 1000;
  if (!Number.isFinite(waitMs) || waitMs < 0)
    throw new Error(`--wait: must be a number of seconds (got ${options.waitSeconds})`);
  const loaded = await loadKubeConfig(options.kubeconfig ? { file: options.kubeconfig } : {});
  const namespace = options.namespace ?? loaded.namespace ?? 'default';
  const client = KubeClient.fromKubeConfig(loaded.source, { userAgent: 'rec-cdk8s-ensure-password' });
  const where = `Secret ${namespace}/${options.secret}`;
  const deadline = Date.now() + waitMs;
  try {
    for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        const live = await client.get(RESOURCE.secret, namespace, options.secret);
        if (live) {
          const outcome = await addPasswordIfAbsent(client, live);
          io.out(
            outcome === 'created'
              ? `${where}: generated the admin password`
              : `${where}: has a password already; left as it is`,
          );
          return 0;
        }
      } catch (error) {
        if (!notYet(error)) throw error;
      }
      if (Date.now() + delay > deadline) {
        io.err(
          `${where}: not found, or not readable by this ServiceAccount, after ${options.waitSeconds} s; apply it (and this Job's Role and RoleBinding) first`,
        );
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  } finally {
    client.close();
  }
}
