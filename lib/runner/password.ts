/**
 * The admin password: crypto-random, created once, never rewritten. It is written under its own
 * field manager with only `data.password`, so the apply of the rest of the Secret (which never
 * carries a password) can neither remove nor change it; and it is only ever written when absent.
 * The value never leaves this module except inside the request body.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient, KubeObject } from '../kube/client.js';
import { KubeApiError } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { CREDENTIALS_FIELD_MANAGER } from './constants.js';

/** 24 random bytes: 192 bits, base64url (no characters that need quoting in a shell or URL). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export type PasswordOutcome = 'present' | 'created';

/** Our own Secret: add `data.password` when it lacks one. */
export async function ensurePassword(client: KubeClient, secret: KubeObject): Promise<PasswordOutcome> {
  const data = (secret.data ?? {}) as Record<string, string>;
  if (data.password) return 'present';
  await client.apply(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.metadata.name, ...(secret.metadata.namespace ? { namespace: secret.metadata.namespace } : {}) },
      data: { password: b64(newPassword()) },
    },
    { fieldManager: CREDENTIALS_FIELD_MANAGER, force: false },
  );
  return 'created';
}

/**
 * A Secret the user named in `clusterCredentialSecretName`: used as it is when it exists; created
 * (username + password, not owned by the REC, so it outlives it) only when it does not.
 */
export async function ensureUserSecret(client: KubeClient, namespace: string, name: string, username: string): Promise<PasswordOutcome> {
  const existing = await client.get(RESOURCE.secret, namespace, name);
  if (existing) return 'present';
  try {
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      type: 'Opaque',
      data: { username: b64(username), password: b64(newPassword()) },
    } as KubeObject, { fieldManager: CREDENTIALS_FIELD_MANAGER });
    return 'created';
  } catch (error) {
    // Someone created it between our read and our create: theirs wins, never overwritten.
    if (error instanceof KubeApiError && error.code === 409) return 'present';
    throw error;
  }
}
