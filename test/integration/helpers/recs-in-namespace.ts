/**
 * What the runner tests ask of the cluster about RECs in one namespace: make and edit one, read
 * it and its objects, its events and its password, and wait for a state. One place, so every file
 * reads events in the same order and waits on a state the same way.
 */
import assert from 'node:assert/strict';
import type { KubeClient, KubeObject } from '../../../lib/kube/client.js';
import { RESOURCE, resourceFor, type ResourceType } from '../../../lib/kube/resources.js';
import { waitFor } from './rec-cluster.js';

/** A live object read back, with the fields the tests look into. */
export type LiveObject = KubeObject & { spec?: any; status?: any; data?: Record<string, string> };

const FIELD_MANAGER = 'rec-cdk8s-tests';
export const CORE_EVENT = resourceFor('v1', 'Event');

/** A REC manifest: 3 nodes unless `spec` says otherwise. */
export function recManifest(namespace: string, name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name, namespace },
    spec: { nodes: 3, ...spec },
  };
}

export function recsIn(client: KubeClient, ns: string) {
  const get = (type: ResourceType, name: string) => client.get<LiveObject>(type, ns, name);
  const rec = (name: string) => get(RESOURCE.redisEnterpriseCluster, name);
  const statusIs = (field: 'state' | 'specStatus') => (name: string, value: string, timeoutMs: number) =>
    waitFor(
      `${name} ${field} ${value}`,
      async () => {
        const r = await rec(name);
        return r?.status?.[field] === value ? r : undefined;
      },
      timeoutMs,
    );
  return {
    get,
    rec,
    /** Apply a REC (server-side) with exactly `spec`. */
    create: (name: string, spec: Record<string, unknown>) =>
      client.apply(
        { apiVersion: 'app.redislabs.com/v1', kind: 'RedisEnterpriseCluster', metadata: { name, namespace: ns }, spec },
        { fieldManager: FIELD_MANAGER },
      ),
    patchSpec: (name: string, spec: Record<string, unknown>) =>
      client.patch(RESOURCE.redisEnterpriseCluster, ns, name, { spec }, { patchType: 'merge' }),
    /** The REC's events, oldest first. */
    async events(name: string): Promise<{ reason: string; message: string }[]> {
      const { items } = await client.list<LiveObject>(CORE_EVENT, {
        namespace: ns,
        fieldSelector: `involvedObject.name=${name}`,
      });
      // Timestamps have one-second resolution; the etcd revision in resourceVersion orders events
      // written in the same second (an implementation detail, fine for a test on a known server).
      return items
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => ({ reason: (e as any).reason as string, message: (e as any).message as string }));
    },
    /** True when none of `objects` (kind, name) exists any more. */
    async gone(objects: readonly (readonly [ResourceType, string])[]): Promise<boolean> {
      for (const [type, name] of objects) if (await get(type, name)) return false;
      return true;
    },
    /** Resolves with the object once it exists again under another uid than `uid` (re-created). */
    recreated: (type: ResourceType, name: string, uid: string | undefined, timeoutMs: number) =>
      waitFor(
        `${type.kind} ${name} re-created`,
        async () => {
          const again = await get(type, name);
          return again && again.metadata.uid !== uid ? again : undefined;
        },
        timeoutMs,
      ),
    /** How many times events about the REC were recorded (a repeat patches the count of the first). */
    async eventCount(name: string): Promise<number> {
      const { items } = await client.list<LiveObject>(CORE_EVENT, {
        namespace: ns,
        fieldSelector: `involvedObject.name=${name}`,
      });
      return items.reduce((sum, e) => sum + Number((e as any).count ?? 1), 0);
    },
    /** The password in the REC's credentials Secret (base64), asserting there is one. */
    async password(name: string): Promise<string> {
      const value = (await get(RESOURCE.secret, name))?.data?.password;
      assert.ok(value, `Secret ${name} has a password`);
      return value;
    },
    /** Resolves with the REC once its `status.state` is `state`. */
    stateIs: statusIs('state'),
    /** Resolves with the REC once its `status.specStatus` is `specStatus` (Valid, Invalid). */
    specStatusIs: statusIs('specStatus'),
    /** Resolves with the REC once the reason of its Reconciled condition is `reason`. */
    reconciledBecause: (name: string, reason: string, timeoutMs: number) =>
      waitFor(
        `${name} Reconciled ${reason}`,
        async () => {
          const r = await rec(name);
          const reconciled = r?.status?.conditions?.find((c: any) => c.type === 'Reconciled');
          return reconciled?.reason === reason ? r : undefined;
        },
        timeoutMs,
      ),
  };
}

export type RecsInNamespace = ReturnType<typeof recsIn>;
