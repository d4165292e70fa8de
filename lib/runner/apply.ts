/**
 * The apply step of a reconcile: the desired objects in at most two waves, each object applied
 * (server-side, forced: the spec decides) only when the cache shows that it differs, so an idle
 * resync writes nothing. Growing volumes first when that is the change, refusing a change the
 * StatefulSet cannot take, never re-adopting what a deletion with orphan propagation let go, and
 * telling drift (a change made outside the spec) from an edit.
 */
import { createHash } from 'node:crypto';
import { errorMessage, type KubeObject } from '../kube/client.js';
import { RESOURCE, resourceFor } from '../kube/resources.js';
import { requestFor, requestKey } from '../controller/request.js';
import { FIELD_MANAGER } from './names.js';
import { ownedObjectKey } from './desired-objects.js';
import { firstDifference } from './compare.js';
import { growVolumes, statefulSetChange } from './volume-growth.js';
import type { Outcome } from './outcome.js';
import type { ReconcilerDeps } from './reconciler.js';

/** What the apply step needs of the reconciler's dependencies. */
export type ApplyDeps = Pick<ReconcilerDeps, 'client' | 'cache' | 'events' | 'log' | 'metrics' | 'secrets'>;

/** What converging one object did; `detail`: the blocked field, or what drifted. */
interface Converged {
  readonly change: 'created' | 'updated' | 'drifted' | 'unchanged' | 'blocked';
  readonly label: string;
  readonly detail?: string;
}

/**
 * A short digest of what was sent. The same digest as last applied, while the cluster shows
 * something else, is drift; the status writer keeps one to tell its own write from news.
 */
export const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * Apply `desired` for `rec`. `applied` (the hash of each object as last applied, by its
 * `ownedObjectKey`) is updated as objects are applied, even when another object of the wave fails.
 */
export async function applyDesired(
  deps: ApplyDeps,
  rec: KubeObject,
  desired: readonly KubeObject[],
  applied: Map<string, string>,
): Promise<Omit<Outcome, 'pruned'>> {
  const outcome = { created: [] as string[], updated: [] as string[], drifted: [] as string[] };
  let blocked: { field: string } | undefined;
  const exists = (o: KubeObject) =>
    deps.cache.get(resourceFor(o.apiVersion, o.kind), o.metadata.namespace, o.metadata.name) !== undefined;
  for (const wave of applyWaves(desired, exists)) {
    // Every object of the wave settles before a failure is raised, so what did get applied is
    // remembered in `applied` and the next attempt does not mistake it for drift.
    const settled = await Promise.allSettled(wave.map((object) => converge(deps, rec, object, applied)));
    for (const result of settled) {
      if (result.status === 'rejected') continue;
      const { change, label, detail } = result.value;
      if (change === 'blocked') blocked = { field: detail ?? '' };
      else if (change === 'created') outcome.created.push(label);
      else if (change === 'updated') outcome.updated.push(label);
      else if (change === 'drifted') outcome.drifted.push(`${label} (${detail})`);
    }
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
  return { ...outcome, ...(blocked ? { blocked } : {}) };
}

/**
 * One desired object: apply it when it differs from the cache, growing volumes first when that is
 * the change.
 */
async function converge(
  deps: ApplyDeps,
  rec: KubeObject,
  object: KubeObject,
  applied: Map<string, string>,
): Promise<Converged> {
  const type = resourceFor(object.apiVersion, object.kind);
  const label = `${object.kind} ${object.metadata.name}`;
  const log = { rec: requestKey(requestFor(rec)), kind: object.kind, name: object.metadata.name };
  let actual = deps.cache.get(type, object.metadata.namespace, object.metadata.name);

  if (object.kind === 'StatefulSet') {
    const change = statefulSetChange(object, actual);
    if (change.kind === 'immutable') return { change: 'blocked', label, detail: change.field };
    if (change.kind === 'grow' && actual) {
      await deps.events.record(
        rec,
        'Normal',
        'VolumeExpansionStarted',
        `growing node volumes from ${change.from} to ${change.to}: expanding claims, then recreating the StatefulSet without its pods`,
      );
      const claims = await growVolumes(deps.client, actual, change.to, FIELD_MANAGER);
      await deps.events.record(
        rec,
        'Normal',
        'VolumeExpanded',
        `expanded ${claims.length} claims to ${change.to}; StatefulSet ${object.metadata.name} recreated, pods kept running`,
      );
      actual = undefined;
    }
  }

  const id = ownedObjectKey(object);
  const desiredHash = fingerprint(object);
  const difference = actual ? firstDifference(object, actual) : '(absent)';
  if (difference === undefined) {
    applied.set(id, desiredHash);
    return { change: 'unchanged', label };
  }
  if (actual && (await orphanedByDeletion(deps, rec, object, actual))) {
    // The garbage collector took our owner reference off because the REC is being deleted with
    // orphan propagation; our cache has that before the REC's deletion. Applying would put the
    // reference back, and the collector would then delete the object it was told to keep.
    deps.log.info(log, 'not re-adopting: the REC is being deleted');
    return { change: 'unchanged', label };
  }
  deps.log.debug({ ...log, difference }, 'applying');
  const result = await deps.client
    .apply<KubeObject>(object, { fieldManager: FIELD_MANAGER, force: true })
    .catch((error: unknown) => {
      throw applyError(object, error);
    });
  deps.metrics?.objectApplied(object.kind);
  if (object.kind === 'Secret') deps.secrets?.observe(result);
  const wasApplied = applied.get(id) === desiredHash;
  applied.set(id, desiredHash);
  if (!wasApplied) return { change: actual ? 'updated' : 'created', label };
  deps.metrics?.driftCorrected(object.kind);
  return { change: 'drifted', label, detail: actual ? difference.replace(/^\./, '') : 'deleted' };
}

/**
 * An object of ours that no longer names the REC as its owner, while the REC, read live (the
 * cache may not show its deletion yet), is being deleted or gone. Only then is a live read made:
 * an object that still has its owner reference costs nothing.
 */
async function orphanedByDeletion(
  deps: ApplyDeps,
  rec: KubeObject,
  desired: KubeObject,
  actual: KubeObject,
): Promise<boolean> {
  const uid = rec.metadata.uid;
  const ownedByRec = (o: KubeObject) => o.metadata.ownerReferences?.some((ref) => ref.uid === uid) ?? false;
  if (!uid || !ownedByRec(desired) || ownedByRec(actual)) return false;
  const live = await deps.client.get<KubeObject>(
    RESOURCE.redisEnterpriseCluster,
    rec.metadata.namespace,
    rec.metadata.name,
  );
  return !live || live.metadata.uid !== uid || Boolean(live.metadata.deletionTimestamp);
}

/** Name the object in the error. */
function applyError(object: KubeObject, error: unknown): Error {
  return new Error(`applying ${object.kind} ${object.metadata.name}: ${errorMessage(error)}`);
}

/**
 * Kinds that wait for a second wave when they are created. Workloads: a controller that creates
 * pods before their ServiceAccount, Secret or governing Service exists fails and backs off, which
 * costs seconds. Bindings: a binding to a REC's own Role is allowed only when the runner holds
 * every permission of that Role (it holds `bind` only on the two installed ClusterRoles), which the
 * API server can check only once the Role exists.
 */
const SECOND_WAVE_KINDS = new Set(['StatefulSet', 'Deployment', 'RoleBinding']);

/**
 * The order of applies: at most two waves, each applied at once. What already exists is updated
 * in the first wave whatever its kind (what it needs exists too), so an edit, which touches every
 * object when it changes a label, costs one round trip; a new REC costs two, not eleven.
 */
export function applyWaves(
  objects: readonly KubeObject[],
  exists: (object: KubeObject) => boolean = () => false,
): KubeObject[][] {
  const waitsForTheRest = (o: KubeObject) => SECOND_WAVE_KINDS.has(o.kind) && !exists(o);
  const first = objects.filter((o) => !waitsForTheRest(o));
  const second = objects.filter(waitsForTheRest);
  return [first, second].filter((wave) => wave.length > 0);
}
