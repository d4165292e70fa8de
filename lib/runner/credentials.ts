/**
 * Which credentials Secret a REC uses, and whether the runner may make its password. The rules,
 * in the order they are checked:
 *
 * - Vault: the nodes read the path themselves; nothing is created, read or deleted here.
 * - The Secret exists with `username` and `password`: it is used as it is, whoever made it.
 * - It exists without a password: only a Secret this project made gets one (a patch that fails if
 *   the Secret changed since it was read), and only while the cluster has no password yet (no
 *   StatefulSet, no claims left from an earlier cluster of that name). A Secret the user made is
 *   never written: the status says which key to add.
 * - It does not exist: a new cluster gets it created with a new password (a create, which fails
 *   if anyone created it first). A cluster that already has a password (a rename on a running
 *   cluster, a Secret deleted by hand, a REC re-created over kept volumes) gets no second one: the
 *   status says what to create, and nothing is applied until it exists.
 *
 * The Secret is never owned by the REC (garbage collection would delete it with the REC) and
 * never pruned: like the volumes, it outlives the REC, so a REC re-created over its kept volumes
 * finds the password the data knows. Decisions never rest on the cache alone: whenever the cache
 * shows no usable Secret, the API server is asked.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { CLUSTER_LABEL, clusterLabels } from '../api/names.js';
import type { ClusterContext } from '../api/cluster-context.js';
import { addPasswordIfAbsent, createWithPassword, missingCredentialKeys } from './password.js';
import { PASSWORD_ANNOTATION, PASSWORD_ANNOTATION_VALUE } from '../../constructs/redis-enterprise-credentials.js';
import type { ObjectCache } from './object-cache.js';
import type { SecretStore } from './secret-store.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './names.js';

export type CredentialsCheck =
  | {
      readonly ready: true;
      readonly secretName: string;
      /** This project made the Secret: the runner applies its other fields (username, license). */
      readonly ours: boolean;
      /** What was done, for the events (never a value). */
      readonly note?: string;
    }
  | {
      readonly ready: false;
      readonly secretName: string;
      readonly reason: 'CredentialsMissing' | 'CredentialsIncomplete';
      readonly message: string;
    };

export interface CredentialsSubject {
  readonly uid: string;
  readonly namespace: string;
  /** The Secret named in the status as in use, from an earlier reconcile. */
  readonly secretInUse?: string;
}

/** Made by this project: by the runner (its label) or synthesized by the constructs (their annotation). */
export function madeByUs(secret: KubeObject): boolean {
  return (
    secret.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE ||
    secret.metadata.annotations?.[PASSWORD_ANNOTATION] !== undefined
  );
}

/** Why the cluster already has a password, from the caches; undefined for a cluster never created. */
export function existingClusterEvidence(
  cache: ObjectCache,
  context: ClusterContext,
  namespace: string,
  secretInUse?: string,
): string | undefined {
  if (cache.get(RESOURCE.statefulSet, namespace, context.names.statefulSet))
    return `StatefulSet ${context.names.statefulSet} exists`;
  // A node claim is named for its pod's ordinal, whatever the number of nodes now.
  const isNodeClaim = (name: string) => {
    const ordinal = name.slice(name.lastIndexOf('-') + 1);
    return /^\d+$/.test(ordinal) && name === context.names.nodeClaim(Number(ordinal));
  };
  const claims = cache
    .list(RESOURCE.persistentVolumeClaim, namespace)
    .filter((c) => c.metadata.labels?.[CLUSTER_LABEL] === context.name && isNodeClaim(c.metadata.name));
  if (claims.length > 0)
    return `${claims.length} volume claim${claims.length === 1 ? '' : 's'} of the cluster exist, e.g. ${claims[0]!.metadata.name}`;
  if (secretInUse) return `its status names Secret ${secretInUse} as in use`;
  return undefined;
}

export class CredentialsKeeper {
  /** `secrets`: where what is read and written here is remembered (the runner has no Secret informer). */
  constructor(
    private readonly client: Pick<KubeClient, 'get' | 'create' | 'patch'>,
    private readonly cache: ObjectCache,
    private readonly secrets?: SecretStore,
  ) {}

  async check(subject: CredentialsSubject, context: ClusterContext): Promise<CredentialsCheck> {
    const name = context.credentials.secretName;
    if (context.credentials.inVault) return { ready: true, secretName: name, ours: false };
    const { namespace } = subject;
    const cached = this.cache.get(RESOURCE.secret, namespace, name);
    if (cached && missingCredentialKeys(cached).length === 0) {
      await this.release(cached, subject.uid);
      return { ready: true, secretName: name, ours: madeByUs(cached) };
    }
    // A Secret read below is kept by the secret store, so a resync finds it above and asks nothing.

    const evidence = existingClusterEvidence(this.cache, context, namespace, subject.secretInUse);
    if (!cached && !evidence) {
      // A new cluster: the create is itself the check against the live state (it fails if the
      // Secret was made since it was read), so two runners never both make a password.
      const created = await createWithPassword(this.client, {
        namespace,
        name,
        username: context.spec.username,
        labels: { ...clusterLabels(context.name), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
        annotations: { [PASSWORD_ANNOTATION]: PASSWORD_ANNOTATION_VALUE },
      });
      if (created)
        return {
          ready: true,
          secretName: name,
          ours: true,
          note: `created Secret ${name} with a generated admin password`,
        };
    }
    const live = await this.client.get(RESOURCE.secret, namespace, name);
    if (live) this.secrets?.observe(live);
    if (live) return this.complete(subject, context, live);
    if (!evidence) throw new Error(`Secret ${name} was deleted while it was being created; will try again`);

    const previous = subject.secretInUse && subject.secretInUse !== name ? subject.secretInUse : undefined;
    return {
      ready: false,
      secretName: name,
      reason: 'CredentialsMissing',
      message:
        `Secret ${name} does not exist, and the cluster already has a password (${evidence}): ` +
        (previous
          ? `create Secret ${name} with the keys username and password of Secret ${previous}, or set clusterCredentialSecretName back to ${previous}`
          : `create Secret ${name} with the keys username and password the cluster was created with`) +
        '; the runner never makes a second password, and applies nothing until then',
    };
  }

  /**
   * Let a Secret holding a password go from the REC: earlier versions of the runner made the REC
   * its owner, so garbage collection would delete it with the REC. A merge patch with the
   * resourceVersion read: it fails rather than overwrite a change made since.
   */
  async release(secret: KubeObject, recUid: string): Promise<boolean> {
    const owners = secret.metadata.ownerReferences ?? [];
    if (!owners.some((o) => o.uid === recUid)) return false;
    await this.client.patch(
      RESOURCE.secret,
      secret.metadata.namespace,
      secret.metadata.name,
      {
        metadata: {
          resourceVersion: secret.metadata.resourceVersion,
          ownerReferences: owners.filter((o) => o.uid !== recUid),
        },
      },
      { patchType: 'merge', fieldManager: FIELD_MANAGER },
    );
    this.secrets?.invalidate(secret.metadata.namespace ?? '', secret.metadata.name);
    return true;
  }

  private async complete(
    subject: CredentialsSubject,
    context: ClusterContext,
    live: KubeObject,
  ): Promise<CredentialsCheck> {
    const name = live.metadata.name;
    const missing = missingCredentialKeys(live);
    const ours = madeByUs(live);
    if (missing.length === 0) {
      await this.release(live, subject.uid);
      return { ready: true, secretName: name, ours };
    }
    if (!ours) {
      return {
        ready: false,
        secretName: name,
        reason: 'CredentialsIncomplete',
        message: `Secret ${name} has no ${missing.join(' and no ')}: add ${missing.length === 1 ? 'that key' : 'those keys'} to it; the runner never writes a Secret it did not create, and applies nothing until then`,
      };
    }
    if (missing.includes('password')) {
      const evidence = existingClusterEvidence(this.cache, context, subject.namespace, subject.secretInUse);
      if (evidence) {
        return {
          ready: false,
          secretName: name,
          reason: 'CredentialsIncomplete',
          message: `Secret ${name} has no password, and the cluster already has one (${evidence}): put the password the cluster was created with back under the key password; the runner never makes a second password, and applies nothing until then`,
        };
      }
      const added = await addPasswordIfAbsent(this.client, live);
      this.secrets?.invalidate(subject.namespace, name);
      if (added === 'created') {
        return { ready: true, secretName: name, ours, note: `generated the admin password in Secret ${name}` };
      }
    }
    // Ours without a username: the apply of the Secret that follows adds it.
    return { ready: true, secretName: name, ours };
  }
}
