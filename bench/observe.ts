/**
 * The bench's eyes: informers (its own client, its own connection) on one namespace, for RECs and
 * every kind a REC produces, with no label selector so objects kubectl applied count too. Waits
 * are event-driven: a condition is re-checked on every watch event and the time recorded is the
 * arrival of the event that made it true, so no polling interval enters a measured time.
 */
import { Informer, silentLogger } from '../lib/controller/index.js';
import type { KubeClient, KubeObject } from '../lib/kube/client.js';
import { RESOURCE, type ResourceType } from '../lib/kube/resources.js';
import { OWNED_TYPES } from '../lib/runner/owned-types.js';

type Rec = KubeObject & { status?: { specStatus?: string; observedGeneration?: number; state?: string } };

/** The definition of "converged" for one REC: our status says Valid, for the spec now in the object. */
export function recConverged(rec: Rec): boolean {
  return rec.status?.specStatus === 'Valid' && rec.status.observedGeneration === rec.metadata.generation;
}

export const objectId = (kind: string, name: string) => `${kind}/${name}`;

export class NamespaceWatch {
  private readonly informers = new Map<ResourceType, Informer<KubeObject>>();
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(type: string, obj: KubeObject) => void>();

  constructor(
    client: KubeClient,
    readonly namespace: string,
  ) {
    // The Job too: kubectl applies render's password generator, which the runner does not make.
    for (const resource of [RESOURCE.redisEnterpriseCluster, ...OWNED_TYPES, RESOURCE.job]) {
      const informer = new Informer<KubeObject>(client, { resource, namespaces: [namespace], logger: silentLogger() });
      informer.on((type, obj) => {
        for (const listener of this.listeners) listener(type, obj);
      });
      this.informers.set(resource, informer);
    }
  }

  async start(): Promise<this> {
    await Promise.all([...this.informers.values()].map((i) => i.start(this.abort.signal)));
    return this;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.informers.values()].map((i) => i.stopped()));
  }

  list(resource: ResourceType): KubeObject[] {
    return this.informers.get(resource)?.list(this.namespace) ?? [];
  }

  get(resource: ResourceType, name: string): KubeObject | undefined {
    return this.informers.get(resource)?.get(this.namespace, name);
  }

  /**
   * Resolves with performance.now() of the event after which `check()` first holds (now, if it
   * already does). `check` runs on every event of the namespace: keep it cheap (incremental).
   */
  until(
    check: (type: string, obj: KubeObject | undefined) => boolean,
    timeoutMs: number,
    what: string | (() => string),
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      if (check('SYNC', undefined)) return resolve(performance.now());
      const listener = (type: string, obj: KubeObject) => {
        if (!check(type, obj)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(performance.now());
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const waitingFor = typeof what === 'string' ? what : what();
        reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${waitingFor}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /**
   * Resolves when every object in `expected` ("Kind/name") exists and every REC named in `recs`
   * has converged (see recConverged). Incremental: O(1) per event.
   */
  converged(expected: readonly string[], recs: readonly string[], timeoutMs: number): Promise<number> {
    const missing = new Set(expected);
    const pending = new Set(recs);
    const want = new Set(expected);
    const wantRecs = new Set(recs);
    const observe = (type: string, obj: KubeObject) => {
      if (obj.kind === 'RedisEnterpriseCluster') {
        if (!wantRecs.has(obj.metadata.name)) return;
        if (type !== 'DELETED' && recConverged(obj)) pending.delete(obj.metadata.name);
        else pending.add(obj.metadata.name);
        return;
      }
      const id = objectId(obj.kind, obj.metadata.name);
      if (!want.has(id)) return;
      if (type === 'DELETED') missing.add(id);
      else missing.delete(id);
    };
    // Objects already cached count as events too.
    for (const resource of this.informers.keys()) for (const obj of this.list(resource)) observe('ADDED', obj);
    return this.until(
      (type, obj) => {
        if (obj) observe(type, obj);
        return missing.size === 0 && pending.size === 0;
      },
      timeoutMs,
      // Said when it times out: what is still missing then, by name.
      () =>
        `${missing.size} objects (${[...missing].slice(0, 5).join(', ')}${missing.size > 5 ? ', ...' : ''}) and ${pending.size} RECs to converge`,
    );
  }

  /** RECs whose workloads are done (every StatefulSet and Deployment fully ready), for a quiet cluster. */
  settled(): { ready: number; total: number } {
    const workloads = [...this.list(RESOURCE.statefulSet), ...this.list(RESOURCE.deployment)] as (KubeObject & {
      spec?: { replicas?: number };
      status?: { readyReplicas?: number; observedGeneration?: number };
    })[];
    const ready = workloads.filter(
      (w) =>
        (w.status?.readyReplicas ?? 0) === (w.spec?.replicas ?? 1) &&
        w.status?.observedGeneration === w.metadata.generation,
    ).length;
    return { ready, total: workloads.length };
  }
}
