/**
 * The admin password, made once inside the cluster and never rewritten. Shared by the runner and
 * by the one-shot generator Job of synthesized output (`rec-cdk8s ensure-password`), so both keep
 * the same promise: a password is only ever written where the *live* object has none, by a write
 * the API server refuses if anyone else wrote first (a create, or a patch carrying the
 * resourceVersion that was read). A lagging cache or two writers at once can lose the race, never
 * the password. The value never leaves this module except inside a request body.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient, KubeObject } from '../kube/client.js';
import { KubeApiError } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';

/**
 * The field manager of every password write. A manager of its own, separate from the one that
 * applies the rest of the Secret: server-side apply only removes fields that the applying manager
 * owns alone, so no later apply of the Secret (ours, a GitOps tool's) can remove the password.
 */
export const PASSWORD_FIELD_MANAGER = 'rec-cdk8s-credentials';

/** 24 random bytes: 192 bits, base64url (no characters that need quoting in a shell or URL). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The keys a credentials Secret must hold, as the Redis Enterprise nodes read them. */
export const CREDENTIAL_KEYS = ['username', 'password'] as const;

/** Keys of `CREDENTIAL_KEYS` that `secret` lacks or holds empty. */
export function missingCredentialKeys(secret: KubeObject): string[] {
  const data = (secret.data ?? {}) as Record<string, string | undefined>;
  return CREDENTIAL_KEYS.filter((key) => !data[key]);
}

/**
 * Create the Secret with a new password, only if no Secret of that name exists. `false` when one
 * does (someone created it first: theirs wins, it is never written here).
 */
export async function createWithPassword(
  client: Pick<KubeClient, 'create'>,
  target: {
    namespace: string;
    name: string;
    username: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  },
): Promise<boolean> {
  try {
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: target.name,
          namespace: target.namespace,
          labels: target.labels,
          ...(target.annotations ? { annotations: target.annotations } : {}),
        },
        type: 'Opaque',
        data: { username: b64(target.username), password: b64(newPassword()) },
      },
      { fieldManager: PASSWORD_FIELD_MANAGER },
    );
    return true;
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 409) return false;
    throw error;
  }
}

/**
 * Add a password to `live`, the Secret as just read from the API server (never from a cache),
 * only if it still has none. The patch carries `live`'s resourceVersion, so a write that happened
 * since (another runner, a user) makes the API server refuse it with 409: then this reads again
 * and, if a password arrived meanwhile, keeps it. `created` when this call wrote the password.
 */
export async function addPasswordIfAbsent(
  client: Pick<KubeClient, 'get' | 'patch'>,
  live: KubeObject,
  attempts = 5,
): Promise<'present' | 'created'> {
  let current: KubeObject | undefined = live;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (!current) throw new Error(`Secret ${live.metadata.name} was deleted while its password was being added`);
    if ((current.data as Record<string, string> | undefined)?.password) return 'present';
    try {
      await client.patch(
        RESOURCE.secret,
        current.metadata.namespace,
        current.metadata.name,
        { metadata: { resourceVersion: current.metadata.resourceVersion }, data: { password: b64(newPassword()) } },
        { patchType: 'merge', fieldManager: PASSWORD_FIELD_MANAGER },
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof KubeApiError && error.code === 409)) throw error;
      current = await client.get(RESOURCE.secret, current.metadata.namespace, current.metadata.name);
    }
  }
  throw new Error(`Secret ${live.metadata.name} kept changing while its password was being added; will try again`);
}
