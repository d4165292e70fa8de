/**
 * The runner's view of Secrets, without list or watch: RBAC cannot limit a list or a watch to the
 * Secrets carrying our label (a label selector is not an authorization attribute), so a Secret
 * informer would need the right to read every Secret in every watched namespace, cluster-wide in an
 * all-namespaces install. Instead the runner reads the few Secrets a REC names (credentials,
 * license) with `get`, once per REC and whenever its spec changes, and keeps what it read and what
 * it wrote itself. An idle resync reads nothing.
 *
 * What this gives up: a change made to one of these Secrets by someone else is seen at the REC's
 * next spec change (or runner restart), not at once. The runner never decides to make a password
 * from this memory alone: a missing entry is always asked of the API server (credentials.ts).
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { RESOURCE } from '../kube/resources.js';
import { requestKey } from '../controller/request.js';

const key = (namespace: string, name: string) => requestKey({ namespace, name });

export class SecretStore {
  /** ns/name -> the Secret as last read or written; null: read and absent. */
  private readonly known = new Map<string, KubeObject | null>();
  /** Per REC uid: the generation whose Secrets were read, and the keys read for it. */
  private readonly loadedFor = new Map<string, { generation: number | undefined; keys: Set<string> }>();

  constructor(private readonly client: Pick<KubeClient, 'get'>) {}

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.known.get(key(namespace ?? '', name)) ?? undefined;
  }

  list(namespace?: string): KubeObject[] {
    return [...this.known.values()].filter(
      (s): s is KubeObject => s !== null && (namespace === undefined || s.metadata.namespace === namespace),
    );
  }

  /**
   * Read `names` for the REC `uid` unless they were read for this generation already: a spec change
   * (a rename, a license) reads again; a resync does not.
   */
  async load(uid: string, generation: number | undefined, namespace: string, names: readonly string[]): Promise<void> {
    const loaded = this.loadedFor.get(uid);
    const fresh = !loaded || loaded.generation !== generation;
    const keys = fresh ? new Set<string>() : loaded.keys;
    await Promise.all(
      [...new Set(names)]
        .filter((name) => fresh || !keys.has(key(namespace, name)))
        .map(async (name) => {
          this.known.set(key(namespace, name), (await this.client.get(RESOURCE.secret, namespace, name)) ?? null);
          keys.add(key(namespace, name));
        }),
    );
    this.loadedFor.set(uid, { generation, keys });
  }

  /** What the API server answered to a read or a write of ours. */
  observe(secret: KubeObject): void {
    this.known.set(key(secret.metadata.namespace ?? '', secret.metadata.name), secret);
  }

  /** Deleted by us, or changed in a way we did not keep: read again next time. */
  invalidate(namespace: string, name: string): void {
    this.known.delete(key(namespace, name));
    for (const loaded of this.loadedFor.values()) loaded.keys.delete(key(namespace, name));
  }

  /** A deleted REC: what was read for it is read again for a REC re-created under its name. */
  forget(uid: string): void {
    const loaded = this.loadedFor.get(uid);
    this.loadedFor.delete(uid);
    for (const k of loaded?.keys ?? []) this.known.delete(k);
  }
}
