/**
 * The reconcile of one REC, level-triggered: given a namespace/name, read the REC and what it
 * owns from the caches, converge, report. It never branches on what event woke it.
 *
 *   validate (schema + edit rules against the edit basis on the StatefulSet)
 *   -> synthesize in memory -> apply what differs (SSA, in order) -> password once
 *   -> prune what is owned and no longer wanted -> status + events
 */
import { createHash } from 'node:crypto';
import type { KubeClient, KubeObject } from '../kube/client.js';
import { KubeApiError } from '../kube/client.js';
import { RESOURCE, resourceFor } from '../kube/resources.js';
import type { ClusterManifest } from '../spec/manifest.js';
import { ClusterSpecError } from '../errors.js';
import { CLUSTER_LABEL } from '../names.js';
import type { ClusterContext } from '../cluster-context.js';
import { FIELD_MANAGER, STATUS_FIELD_MANAGER } from './constants.js';
import { appliedEditBasis, desiredObjects, objectKey, runningVersion } from './desired-objects.js';
import { ALL_FEATURES, FEATURE_FLAGS, type RunnerFeatures } from './features.js';
import { stuckPods } from './stuck-pods.js';
import { NOT_ACTED_ON, RUNNER_ONLY } from '../spec/not-acted-on.js';
import { firstDifference } from './compare.js';
import { CredentialsKeeper, type CredentialsCheck } from './credentials.js';
import { growVolumes, statefulSetChange } from './volume-growth.js';
import { clusterState, mergeConditions, sameStatus, type ClusterStatus, type Condition } from './status.js';
import type { EventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import type { ReconcileResult } from '../controller/controller.js';
import { OWNED_TYPES } from './owned-types.js';
import { POD_SECURITY_WARNING } from '../spec/pod-security-warnings.js';
import {
  deleteClusterScoped,
  hasCleanupFinalizer,
  orphanedDeletion,
  ownedBy,
  setCleanupFinalizer,
} from './cluster-scoped.js';
import type { SecretStore } from './secret-store.js';

export interface Log {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReconcilerMetrics {
  /** An object differed from what we last applied without a spec change: someone edited or deleted it. */
  driftCorrected(kind: string): void;
  objectApplied(kind: string): void;
  objectPruned(kind: string): void;
  /** A node pod stuck in ContainerCreating was deleted (podStartingPolicy). */
  stuckPodDeleted?(): void;
}

export interface ReconcilerDeps {
  readonly client: KubeClient;
  readonly cache: ObjectCache;
  readonly events: EventRecorder;
  readonly log: Log;
  readonly metrics?: ReconcilerMetrics;
  readonly now?: () => Date;
  /**
   * The Secrets the REC names, read by name (the runner has no Secret informer: see
   * secret-store.ts). Absent: `cache` answers for Secrets too (the unit tests).
   */
  readonly secrets?: SecretStore;
  /**
   * What the install lets this runner act on (features.ts), read at each reconcile: it is known
   * once the runner has asked the API server. Absent: every option on (the unit tests).
   */
  readonly features?: () => RunnerFeatures;
}

type Rec = ClusterManifest & {
  metadata: ClusterManifest['metadata'] & {
    deletionTimestamp?: string;
    resourceVersion?: string;
    finalizers?: string[];
  };
  status?: Partial<ClusterStatus>;
};

/** How soon a REC waiting for its credentials Secret looks again: the user's Secrets are not watched. */
const CREDENTIALS_RECHECK_MS = 10_000;

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

export class ClusterReconciler {
  /** Per REC uid: the hash of each object as last applied, to tell drift from a spec change. */
  private readonly applied = new Map<string, Map<string, string>>();
  /** Per REC uid: the status we last wrote, so a status the API server prunes is not rewritten forever. */
  private readonly lastStatus = new Map<string, string>();
  /** Per REC uid: the state we last wrote; the cached REC may not show our own write yet. */
  private readonly lastState = new Map<string, string>();

  /** The credentials Secret of each REC: found, or made once. */
  private readonly credentials: CredentialsKeeper;

  constructor(private readonly deps: ReconcilerDeps) {
    this.credentials = new CredentialsKeeper(deps.client, deps.cache, deps.secrets);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const [namespace, name] = key.split('/') as [string, string];
    const rec = this.deps.cache.get(RESOURCE.redisEnterpriseCluster, namespace, name) as Rec | undefined;
    if (!rec) {
      // Gone: garbage collection removes what it owned; forget what we remembered.
      return;
    }
    const uid = rec.metadata.uid ?? key;
    if (rec.metadata.deletionTimestamp) {
      await this.writeStatus(
        rec,
        { state: 'Deleting', specStatus: rec.status?.specStatus === 'Invalid' ? 'Invalid' : 'Valid', conditions: [] },
        [],
      );
      if (hasCleanupFinalizer(rec)) {
        if (await orphanedDeletion(this.deps.client, rec))
          this.deps.log.info({ rec: key }, 'deleted with orphan propagation: keeping its cluster-scoped objects');
        else await deleteClusterScoped(this.deps.client, rec);
        await setCleanupFinalizer(this.deps.client, rec, false);
      }
      return;
    }

    // Edits are checked against what was last applied, which the API server does not check when
    // the CRD lacks our transition rules. No StatefulSet (a new REC, or one deleted by hand): no basis.
    const liveStatefulSet = this.deps.cache.get(RESOURCE.statefulSet, namespace, name);
    const previousSpec = appliedEditBasis(liveStatefulSet);
    // The version the nodes run, which they keep unless the spec says otherwise (upgradeSpec).
    const running = runningVersion(liveStatefulSet);
    const render = (existingCredentialsSecret: boolean) =>
      desiredObjects(rec, previousSpec, {
        ...(existingCredentialsSecret ? { existingCredentialsSecret: true } : {}),
        ...(running ? { runningRedisEnterpriseVersion: running } : {}),
      });
    let desired: KubeObject[];
    let warnings: { path: string; message: string }[];
    let context: ClusterContext;
    try {
      ({ objects: desired, warnings, cluster: context } = render(false));
      // The runner acts on these: not a warning in its status.
      warnings = warnings.filter((w) => !w.message.startsWith(RUNNER_ONLY));
    } catch (error) {
      if (!(error instanceof ClusterSpecError)) throw error;
      await this.invalid(rec, error);
      return;
    }

    // Every Secret this REC may name: the credentials, the license, and the one the status says is
    // in use; read once per spec generation, so a resync reads nothing.
    if (this.deps.secrets && !context.credentials.inVault) {
      const names = [
        context.credentials.secretName,
        context.names.licenseSecret,
        ...desired.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name),
      ];
      if (rec.status?.clusterCredentialSecretName) names.push(rec.status.clusterCredentialSecretName);
      await this.deps.secrets.load(uid, rec.metadata.generation, namespace, names);
    }

    // The password first: nothing is applied for a cluster whose credentials are not in order.
    const credentials = await this.credentials.check(
      {
        uid,
        namespace,
        ...(rec.status?.clusterCredentialSecretName ? { secretInUse: rec.status.clusterCredentialSecretName } : {}),
      },
      context,
    );
    if (!credentials.ready) {
      await this.credentialsBlocked(rec, credentials, warnings);
      // The user's Secrets are not watched: look again soon.
      return { requeueAfterMs: CREDENTIALS_RECHECK_MS };
    }
    // A Secret this project did not make is read, never written: synthesize as for a Secret of the
    // user's (an inline license then goes to a Secret of its own).
    if (!credentials.ours && context.credentials.managed) {
      ({ objects: desired, cluster: context } = render(true));
    }
    ({ desired, warnings } = this.withinInstall(desired, warnings, context));
    const credentialsStatus = { clusterCredentialSecretName: credentials.secretName };

    const outcome = {
      created: [] as string[],
      updated: [] as string[],
      drifted: [] as string[],
      pruned: [] as string[],
    };
    let blocked: { field: string } | undefined;
    /** Told within the Created event when there is one (one request less per new REC), else on its own. */
    const passwordNote = credentials.note;
    const appliedHashes = this.applied.get(uid) ?? new Map<string, string>();
    const keep = new Set(desired.map(objectKey));

    try {
      // Before creating what garbage collection cannot delete, make sure we get to delete it.
      const clusterScoped = desired.some((o) => !resourceFor(o.apiVersion, o.kind).namespaced);
      if (clusterScoped && !hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, true);
      const exists = (o: KubeObject) =>
        this.deps.cache.get(resourceFor(o.apiVersion, o.kind), o.metadata.namespace, o.metadata.name) !== undefined;
      for (const [index, wave] of applyWaves(desired, exists).entries()) {
        const tasks: Promise<Converged>[] = wave.map((object) =>
          this.converge(key, rec, object, context, appliedHashes),
        );
        // Every task of the wave settles before a failure is raised, so what did get applied is
        // remembered (appliedHashes) and the next attempt does not mistake it for drift.
        const settled = await Promise.allSettled(tasks);
        for (const result of settled) {
          if (result.status === 'rejected') continue;
          const done = result.value;
          if (done.change === 'blocked') blocked = { field: done.detail ?? '' };
          else if (done.change === 'created') outcome.created.push(done.label);
          else if (done.change === 'updated') outcome.updated.push(done.label);
          else if (done.change === 'drifted') outcome.drifted.push(`${done.label} (${done.detail})`);
        }
        this.applied.set(uid, appliedHashes);
        const failed = settled.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      }

      outcome.pruned = await this.prune(rec, keep, appliedHashes);
      if (!clusterScoped && hasCleanupFinalizer(rec)) {
        outcome.pruned.push(...(await deleteClusterScoped(this.deps.client, rec)));
        await setCleanupFinalizer(this.deps.client, rec, false);
      }
    } catch (error) {
      const message =
        error instanceof KubeApiError ? `${error.code} ${error.reason}: ${error.message}` : (error as Error).message;
      if (passwordNote) await this.deps.events.record(rec, 'Normal', 'PasswordCreated', passwordNote);
      await this.deps.events.record(rec, 'Warning', 'ApplyFailed', message);
      await this.writeStatus(
        rec,
        {
          state: 'Error',
          specStatus: 'Valid',
          ...credentialsStatus,
          conditions: [
            condition('SpecValid', 'True', 'SpecValid', 'the spec passed validation'),
            condition('Reconciled', 'False', 'ApplyFailed', message),
            condition('Ready', 'False', 'ApplyFailed', message),
          ],
        },
        warnings,
      );
      throw error;
    }

    const starting = await this.applyStartingPolicy(rec, context);
    if (starting.warning) warnings.push(starting.warning);

    const sts = this.deps.cache.get(RESOURCE.statefulSet, namespace, name);
    const rigger = this.deps.cache.get(RESOURCE.deployment, namespace, `${name}-services-rigger`);
    const previousState = this.lastState.get(uid) ?? rec.status?.state;
    // A StatefulSet created by this very reconcile has no pods yet, whatever a fast cache says.
    const justCreated = !previousState && outcome.created.some((label) => label.startsWith('StatefulSet '));
    const state = clusterState({
      ...(sts && !justCreated ? { statefulSet: sts } : {}),
      servicesRigger: rigger,
      ...(previousState ? { previousState } : {}),
    });
    const conditions: Condition[] = [
      condition('SpecValid', 'True', 'SpecValid', 'the spec passed validation'),
      blocked
        ? condition(
            'Reconciled',
            'False',
            'ImmutableFieldChange',
            `${blocked.field} cannot change on an existing StatefulSet`,
          )
        : condition('Reconciled', 'True', 'Applied', 'every object matches the spec'),
      condition('Ready', state.ready ? 'True' : 'False', state.state, state.message),
    ];
    // A new REC's first state is told in its Created event rather than in one of its own: the
    // same words, one request less per new REC.
    const firstStateInCreated = !previousState && outcome.created.length > 0;
    const stateNote = firstStateInCreated ? `; state ${state.state}: ${state.message}` : '';
    // What happened is told while the status is written: events are for people and never decide
    // anything, so a reconcile does not wait one round trip more for them.
    const tell = async (): Promise<void> => {
      if (outcome.created.length > 0)
        await this.deps.events.record(
          rec,
          'Normal',
          'Created',
          `created ${outcome.created.join(', ')}${passwordNote ? `; ${passwordNote}` : ''}${stateNote}`,
        );
      else if (passwordNote) await this.deps.events.record(rec, 'Normal', 'PasswordCreated', passwordNote);
      if (outcome.updated.length > 0)
        await this.deps.events.record(rec, 'Normal', 'Updated', `updated ${outcome.updated.join(', ')}`);
      if (outcome.drifted.length > 0)
        await this.deps.events.record(
          rec,
          'Warning',
          'DriftCorrected',
          `restored what was changed outside the spec: ${outcome.drifted.join(', ')}`,
        );
      if (outcome.pruned.length > 0)
        await this.deps.events.record(
          rec,
          'Normal',
          'Pruned',
          `deleted what the spec no longer asks for: ${outcome.pruned.join(', ')}`,
        );
      if (blocked)
        await this.deps.events.record(
          rec,
          'Warning',
          'ImmutableFieldChange',
          `${blocked.field} cannot change on an existing StatefulSet; the StatefulSet was left as it is`,
        );
    };
    await Promise.all([
      tell(),
      this.writeStatus(rec, { state: state.state, specStatus: 'Valid', ...credentialsStatus, conditions }, warnings, {
        stateTold: firstStateInCreated,
      }),
    ]);
    return starting.requeueAfterMs !== undefined ? { requeueAfterMs: starting.requeueAfterMs } : undefined;
  }

  /**
   * What the install does not let this runner manage (features.ts) is left out of what it applies
   * and said to be not acted on, with the install option that would.
   */
  private withinInstall(
    desired: KubeObject[],
    warnings: { path: string; message: string }[],
    context: ClusterContext,
  ): { desired: KubeObject[]; warnings: { path: string; message: string }[] } {
    const features = this.deps.features?.() ?? ALL_FEATURES;
    if (features.usageMeter || !desired.some((o) => o.kind === 'CronJob')) return { desired, warnings };
    return {
      desired: desired.filter((o) => o.kind !== 'CronJob'),
      warnings: [
        ...warnings,
        {
          path: 'spec.usageMeter.callHomeClient',
          message: `${NOT_ACTED_ON} (this runner's install may not manage CronJobs: install it with rec-cdk8s install ${FEATURE_FLAGS.usageMeter}; CronJob ${context.names.callHomeCronJob} is not made)`,
        },
      ],
    };
  }

  /**
   * `podStartingPolicy`: delete the node pods stuck in ContainerCreating past the threshold (the
   * StatefulSet controller makes them again), and look again when the next one would be.
   */
  private async applyStartingPolicy(
    rec: Rec,
    context: ClusterContext,
  ): Promise<{ requeueAfterMs?: number; warning?: { path: string; message: string } }> {
    const policy = context.spec.podStartingPolicy;
    if (!policy?.enabled || policy.startingThresholdSeconds === 0) return {};
    if (!(this.deps.features?.() ?? ALL_FEATURES).podStartingPolicy) {
      return {
        warning: {
          path: 'spec.podStartingPolicy',
          message: `${NOT_ACTED_ON} (this runner's install may not watch and delete pods: install it with rec-cdk8s install ${FEATURE_FLAGS.podStartingPolicy})`,
        },
      };
    }
    const pods = this.deps.cache
      .list(RESOURCE.pod, rec.metadata.namespace)
      .filter((pod) => pod.metadata.labels?.[CLUSTER_LABEL] === rec.metadata.name);
    const now = (this.deps.now?.() ?? new Date()).getTime();
    const { overdue, nextCheckMs } = stuckPods(pods, policy.startingThresholdSeconds, now);
    for (const { pod, seconds } of overdue) {
      // The uid: never a pod of that name made again since the cache saw this one.
      const deleted = await this.deps.client
        .delete(RESOURCE.pod, pod.metadata.namespace, pod.metadata.name, {
          ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
        })
        .catch((error: unknown) => {
          if (error instanceof KubeApiError && error.code === 409) return false;
          throw error;
        });
      if (!deleted) continue;
      this.deps.metrics?.stuckPodDeleted?.();
      await this.deps.events.record(
        rec,
        'Warning',
        'StuckPodDeleted',
        `deleted pod ${pod.metadata.name}: in ContainerCreating for ${seconds} s, over podStartingPolicy.startingThresholdSeconds (${policy.startingThresholdSeconds}); the StatefulSet makes it again`,
      );
    }
    return nextCheckMs !== undefined ? { requeueAfterMs: nextCheckMs } : {};
  }

  /**
   * One desired object: apply it when it differs from the cache (SSA, forced: the spec decides),
   * growing volumes first when that is the change; add the password to our Secret when absent.
   */
  private async converge(
    key: string,
    rec: Rec,
    object: KubeObject,
    context: ClusterContext,
    appliedHashes: Map<string, string>,
  ): Promise<Converged> {
    const type = resourceFor(object.apiVersion, object.kind);
    const id = objectKey(object);
    const label = `${object.kind} ${object.metadata.name}`;
    let actual = this.deps.cache.get(type, object.metadata.namespace, object.metadata.name);
    const desiredHash = hash(object);

    if (object.kind === 'StatefulSet') {
      const change = statefulSetChange(object, actual);
      if (change.kind === 'immutable') return { change: 'blocked', label, detail: change.field };
      if (change.kind === 'grow' && actual) {
        await this.deps.events.record(
          rec,
          'Normal',
          'VolumeExpansionStarted',
          `growing node volumes from ${change.from} to ${change.to}: expanding claims, then recreating the StatefulSet without its pods`,
        );
        const claims = await growVolumes(this.deps.client, actual, change.to, FIELD_MANAGER);
        await this.deps.events.record(
          rec,
          'Normal',
          'VolumeExpanded',
          `expanded ${claims.length} claims to ${change.to}; StatefulSet ${object.metadata.name} recreated, pods kept running`,
        );
        actual = undefined;
      }
    }

    // A cluster-scoped object has no owner reference: one of that name that is not this REC's (by
    // its owner labels and uid) is someone else's, never taken over by a forced apply.
    // The cache holds only what carries our label: ask before creating one.
    if (!type.namespaced && !actual) {
      actual = await this.deps.client.get(type, undefined, object.metadata.name).catch((error: unknown) => {
        throw applyError(object, false, error);
      });
    }
    if (!type.namespaced && actual && !ownedBy(actual, rec)) {
      throw new Error(
        `${label} exists and is not this REC's (its labels rec-cdk8s.io/owner-namespace, owner-name and owner-uid are not ${rec.metadata.namespace}, ${rec.metadata.name} and ${rec.metadata.uid}): delete it if it is a leftover`,
      );
    }
    let result: Converged = { change: 'unchanged', label };
    const difference = actual ? firstDifference(object, actual) : '(absent)';
    if (difference !== undefined && actual && (await this.orphanedByDeletion(rec, object, actual))) {
      // The garbage collector took our owner reference off because the REC is being deleted with
      // orphan propagation; our cache has that before the REC's deletion. Applying would put the
      // reference back, and the collector would then delete the object it was told to keep.
      this.deps.log.info(
        { cluster: key, kind: object.kind, name: object.metadata.name },
        'not re-adopting: the REC is being deleted',
      );
      return result;
    }
    if (difference !== undefined) {
      this.deps.log.debug({ cluster: key, kind: object.kind, name: object.metadata.name, difference }, 'applying');
      const wasApplied = appliedHashes.get(id) === desiredHash;
      const applied = await this.deps.client
        .apply<KubeObject>(object, { fieldManager: FIELD_MANAGER, force: true })
        .catch((error: unknown) => {
          throw applyError(object, type.namespaced, error);
        });
      this.deps.metrics?.objectApplied(object.kind);
      if (object.kind === 'Secret') this.deps.secrets?.observe(applied);
      if (wasApplied) {
        result = { change: 'drifted', label, detail: actual ? difference.replace(/^\./, '') : 'deleted' };
        this.deps.metrics?.driftCorrected(object.kind);
      } else {
        result = { change: actual ? 'updated' : 'created', label };
      }
      actual = applied;
    }
    appliedHashes.set(id, desiredHash);

    return result;
  }

  /**
   * An object of ours that no longer names the REC as its owner, while the REC, read live (the
   * cache may not show its deletion yet), is being deleted or gone. Only then is a live read made:
   * an object that still has its owner reference costs nothing.
   */
  private async orphanedByDeletion(rec: Rec, desired: KubeObject, actual: KubeObject): Promise<boolean> {
    const uid = rec.metadata.uid;
    const ownedBy = (o: KubeObject) => o.metadata.ownerReferences?.some((ref) => ref.uid === uid) ?? false;
    if (!uid || !ownedBy(desired) || ownedBy(actual)) return false;
    const live = await this.deps.client.get<KubeObject>(
      RESOURCE.redisEnterpriseCluster,
      rec.metadata.namespace,
      rec.metadata.name,
    );
    return !live || live.metadata.uid !== uid || Boolean(live.metadata.deletionTimestamp);
  }

  /** Forget a deleted REC. */
  forget(uid: string): void {
    this.applied.delete(uid);
    this.lastStatus.delete(uid);
    this.lastState.delete(uid);
    this.deps.secrets?.forget(uid);
  }

  /** Credentials not in order: nothing applied, the status says what to do, an event when it changes. */
  private async credentialsBlocked(
    rec: Rec,
    check: Extract<CredentialsCheck, { ready: false }>,
    warnings: readonly { path: string; message: string }[],
  ): Promise<void> {
    const before = rec.status?.conditions?.find((c) => c.type === 'Reconciled');
    if (!(before?.reason === check.reason && before.message === check.message)) {
      await this.deps.events.record(rec, 'Warning', check.reason, check.message);
    }
    await this.writeStatus(
      rec,
      {
        state: 'Error',
        specStatus: 'Valid',
        // Still the one the running cluster uses, if any.
        ...(rec.status?.clusterCredentialSecretName
          ? { clusterCredentialSecretName: rec.status.clusterCredentialSecretName }
          : {}),
        conditions: [
          condition('SpecValid', 'True', 'SpecValid', 'the spec passed validation'),
          condition('Reconciled', 'False', check.reason, check.message),
          condition('Ready', 'False', check.reason, check.message),
        ],
      },
      warnings,
    );
  }

  private async invalid(rec: Rec, error: ClusterSpecError): Promise<void> {
    const message = error.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const before = rec.status?.conditions?.find((c) => c.type === 'SpecValid');
    if (!(before?.status === 'False' && before.message === message)) {
      await this.deps.events.record(rec, 'Warning', 'InvalidConfiguration', `${message}; nothing was applied`);
    }
    await this.writeStatus(
      rec,
      {
        state: 'Invalid',
        specStatus: 'Invalid',
        conditions: [
          condition('SpecValid', 'False', 'InvalidConfiguration', message),
          condition('Reconciled', 'False', 'InvalidConfiguration', 'nothing is applied while the spec is invalid'),
          condition('Ready', 'False', 'InvalidConfiguration', 'the spec is invalid'),
        ],
      },
      [],
    );
  }

  private async prune(rec: Rec, keep: Set<string>, appliedHashes: Map<string, string>): Promise<string[]> {
    const pruned: string[] = [];
    for (const type of OWNED_TYPES) {
      // Claims are data: never deleted by the runner, whatever the spec says.
      if (type.kind === 'PersistentVolumeClaim') continue;
      for (const object of this.deps.cache.list(type, rec.metadata.namespace)) {
        if (object.metadata.labels?.[CLUSTER_LABEL] !== rec.metadata.name) continue;
        if (!object.metadata.ownerReferences?.some((o) => o.uid === rec.metadata.uid)) continue;
        const id = objectKey(object);
        if (keep.has(id)) continue;
        // A password is never deleted (a renamed credentials Secret from an older runner): let it go instead.
        if (type.kind === 'Secret' && (object.data as Record<string, string> | undefined)?.password) {
          await this.credentials.release(object, rec.metadata.uid ?? '');
          continue;
        }
        await this.deps.client.delete(type, object.metadata.namespace, object.metadata.name, {
          ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
        });
        if (type.kind === 'Secret')
          this.deps.secrets?.invalidate(object.metadata.namespace ?? '', object.metadata.name);
        appliedHashes.delete(id);
        this.deps.metrics?.objectPruned(type.kind);
        pruned.push(`${type.kind} ${object.metadata.name}`);
      }
    }
    return pruned;
  }

  /** `stateTold`: an event of this reconcile already said the new state; record no state event. */
  private async writeStatus(
    rec: Rec,
    next: ClusterStatus,
    warnings: readonly { path: string; message: string }[],
    options: { stateTold?: boolean } = {},
  ): Promise<void> {
    const now = (this.deps.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const generation = rec.metadata.generation;
    const notActedOn = notActedOnSummary(warnings);
    const conditions = [...next.conditions];
    if (notActedOn) conditions.push(condition('FieldsNotActedOn', 'True', 'NotActedOn', notActedOn));
    // Said only when it fails: a namespace enforcing `restricted` refuses these pods, and the
    // StatefulSet's events are where users would otherwise have to look for why.
    const notRestricted = warnings.filter((w) => w.message.startsWith(POD_SECURITY_WARNING));
    if (notRestricted.length > 0) {
      conditions.push(
        condition(
          'PodSecurityRestricted',
          'False',
          'NotRestricted',
          notRestricted.map((w) => `${w.path}: ${w.message}`).join('; '),
        ),
      );
    }
    const withGeneration = conditions.map((c) =>
      generation !== undefined ? { ...c, observedGeneration: generation } : c,
    );
    // The Secret in use stays named while a reconcile cannot tell (invalid spec, deletion).
    const secretInUse = next.clusterCredentialSecretName ?? rec.status?.clusterCredentialSecretName;
    const status: ClusterStatus = {
      state: next.state,
      specStatus: next.specStatus,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      ...(secretInUse ? { clusterCredentialSecretName: secretInUse } : {}),
      conditions: mergeConditions(rec.status?.conditions, withGeneration, now),
    };
    const current = {
      state: rec.status?.state,
      specStatus: rec.status?.specStatus,
      ...(rec.status?.observedGeneration !== undefined ? { observedGeneration: rec.status.observedGeneration } : {}),
      ...(rec.status?.clusterCredentialSecretName
        ? { clusterCredentialSecretName: rec.status.clusterCredentialSecretName }
        : {}),
      conditions: rec.status?.conditions,
    };
    const uid = rec.metadata.uid ?? rec.metadata.name;
    const fingerprint = hash(status);
    if (sameStatus(current, status) || this.lastStatus.get(uid) === fingerprint) return;

    const previousState = this.lastState.get(uid) ?? rec.status?.state;
    this.deps.log.debug(
      { cluster: `${rec.metadata.namespace}/${rec.metadata.name}`, state: status.state },
      'writing status',
    );
    await this.deps.client.apply(
      {
        apiVersion: rec.apiVersion,
        kind: rec.kind,
        metadata: { name: rec.metadata.name, namespace: rec.metadata.namespace ?? 'default' },
        status,
      },
      { fieldManager: STATUS_FIELD_MANAGER, force: true, subresource: 'status' },
    );
    this.lastStatus.set(uid, fingerprint);
    this.lastState.set(uid, status.state);
    if (previousState !== status.state && !options.stateTold) {
      const ready = status.conditions.find((c) => c.type === 'Ready');
      await this.deps.events.record(
        rec,
        status.state === 'Error' || status.state === 'Invalid' ? 'Warning' : 'Normal',
        status.state,
        `state ${previousState ?? '(none)'} -> ${status.state}: ${ready?.message ?? ''}`,
      );
    }
    if (
      notActedOn &&
      !rec.status?.conditions?.some((c) => c.type === 'FieldsNotActedOn' && c.observedGeneration === generation)
    ) {
      await this.deps.events.record(rec, 'Normal', 'FieldsNotActedOn', notActedOn);
    }
  }
}

/**
 * The fields not acted on, grouped by why (the words `validate` prints): `accepted but not acted
 * on: spec.ldap, spec.backup (a Redis Enterprise setting: ...); spec.podStartingPolicy (this
 * runner's install ...)`. Undefined when there are none.
 */
export function notActedOnSummary(warnings: readonly { path: string; message: string }[]): string | undefined {
  const byReason = new Map<string, string[]>();
  for (const w of warnings) {
    if (!w.message.startsWith(NOT_ACTED_ON)) continue;
    const why = w.message
      .slice(NOT_ACTED_ON.length)
      .trim()
      .replace(/^\((.*)\)$/s, '$1');
    byReason.set(why, [...(byReason.get(why) ?? []), w.path]);
  }
  if (byReason.size === 0) return undefined;
  const groups = [...byReason].map(([why, paths]) => (why ? `${paths.join(', ')} (${why})` : paths.join(', ')));
  return `${NOT_ACTED_ON}: ${groups.join('; ')}`;
}

/** Name the object in the error, and say what to do about a forbidden cluster-scoped object. */
function applyError(object: KubeObject, namespaced: boolean, error: unknown): Error {
  const detail =
    error instanceof KubeApiError ? `${error.code} ${error.reason}: ${error.message}` : (error as Error).message;
  const hint =
    !namespaced && error instanceof KubeApiError && error.code === 403
      ? ' (rack awareness needs the cluster-wide install, which may bind the redis-enterprise-node-reader ClusterRole: install the runner with `rec-cdk8s install --all-namespaces`)'
      : '';
  return new Error(`applying ${object.kind} ${object.metadata.name}: ${detail}${hint}`);
}

function condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
  return { type, status, reason, message };
}

/** What converging one object did; `detail`: the blocked field, or what drifted. */
interface Converged {
  change: 'created' | 'updated' | 'drifted' | 'unchanged' | 'blocked';
  label: string;
  detail?: string;
}

/**
 * Kinds that wait for a second wave when they are created. Workloads: a controller that creates
 * pods before their ServiceAccount, Secret or governing Service exists fails and backs off, which
 * costs seconds. Bindings: a binding to a REC's own Role is allowed only when the runner holds every permission of
 * that Role (it holds `bind` only on the two installed ClusterRoles), which the API server can
 * check only once the Role exists.
 */
const SECOND_WAVE_KINDS = new Set(['StatefulSet', 'Deployment', 'RoleBinding', 'ClusterRoleBinding']);

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
