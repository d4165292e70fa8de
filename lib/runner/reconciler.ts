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
import { RESOURCE, resourceFor, type ResourceType } from '../kube/resources.js';
import type { ClusterManifest } from '../spec/manifest.js';
import { ClusterSpecError } from '../errors.js';
import { CLUSTER_LABEL } from '../names.js';
import type { ClusterContext } from '../cluster-context.js';
import { FIELD_MANAGER, STATUS_FIELD_MANAGER } from './constants.js';
import { appliedEditBasis, desiredObjects, objectKey } from './desired-objects.js';
import { firstDifference } from './compare.js';
import { CredentialsKeeper } from './credentials.js';
import { growVolumes, statefulSetChange } from './volume-growth.js';
import {
  clusterState,
  mergeConditions,
  sameStatus,
  writtenFields,
  type ClusterStatus,
  type Condition,
} from './status.js';
import { readinessReason } from './readiness-reason.js';
import { observeWorkloads } from './readiness-watch.js';
import { NotReadyEvents } from './not-ready-events.js';
import { keptParity, statusParity, type StatusParity } from './status-parity.js';
import type { EventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import type { ReconcileResult } from '../controller/controller.js';
import { OWNED_TYPES, ingressOwnedTypes } from './owned-types.js';
import { POD_SECURITY_WARNING } from '../spec/pod-security-warnings.js';
import { hasCleanupFinalizer, orphanedDeletion, setCleanupFinalizer } from './cleanup-finalizer.js';
import type { SecretStore } from './secret-store.js';
import type { NodeReaderBindingWriter } from './node-reader-binding.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../node-rbac.js';
import type { IngressMethod } from '../spec/external-access.js';
import { INGRESS_METHOD_NOT_ENABLED, ingressMethodNotEnabled } from './ingress-enablement.js';

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
  /** Rack awareness: the REC's ServiceAccount in the install's node-reader binding. */
  readonly nodeReader: NodeReaderBindingWriter;
  /** The ingress methods this runner's install enables (their kinds are watched). @default none */
  readonly ingressMethods?: ReadonlySet<IngressMethod>;
  /** The Istio ingress gateway's pod labels (`--istio-gateway-selector`). @default { istio: 'ingress' } */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
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
  /** Each new reason a REC is not ready, told once. */
  private readonly notReadyEvents: NotReadyEvents;

  private readonly ingressMethods: ReadonlySet<IngressMethod>;
  /** What every synthesis of this runner is given beyond the REC. */
  private readonly renderOptions: { istioGatewaySelector?: Readonly<Record<string, string>> };
  /** What prune looks through: every namespaced kind a REC can produce that this runner watches. */
  private readonly prunable: readonly ResourceType[];

  constructor(private readonly deps: ReconcilerDeps) {
    this.credentials = new CredentialsKeeper(deps.client, deps.cache, deps.secrets);
    this.notReadyEvents = new NotReadyEvents(deps.events);
    this.ingressMethods = deps.ingressMethods ?? new Set();
    this.renderOptions = deps.istioGatewaySelector ? { istioGatewaySelector: deps.istioGatewaySelector } : {};
    this.prunable = [...OWNED_TYPES, ...ingressOwnedTypes(this.ingressMethods)];
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
          this.deps.log.info(
            { rec: key },
            'deleted with orphan propagation: keeping its ServiceAccount in the node-reader binding',
          );
        else await this.deps.nodeReader.converge(key, undefined);
        await setCleanupFinalizer(this.deps.client, rec, false);
      }
      return;
    }

    // Edits are checked against what was last applied, which the API server does not check when
    // the CRD lacks our transition rules. No StatefulSet (a new REC, or one deleted by hand): no basis.
    const previousSpec = appliedEditBasis(this.deps.cache.get(RESOURCE.statefulSet, namespace, name));
    let desired: KubeObject[];
    let warnings: { path: string; message: string }[];
    let context: ClusterContext;
    try {
      ({ objects: desired, warnings, cluster: context } = desiredObjects(rec, previousSpec, this.renderOptions));
    } catch (error) {
      if (!(error instanceof ClusterSpecError)) throw error;
      await this.invalid(rec, error);
      return;
    }
    const notEnabled = ingressMethodNotEnabled(context.spec, this.ingressMethods);
    if (notEnabled) {
      await this.blockedBeforeApply(rec, { reason: INGRESS_METHOD_NOT_ENABLED, message: notEnabled }, warnings);
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
      await this.blockedBeforeApply(rec, credentials, warnings);
      // The user's Secrets are not watched: look again soon.
      return { requeueAfterMs: CREDENTIALS_RECHECK_MS };
    }
    // A Secret this project did not make is read, never written: synthesize as for a Secret of the
    // user's (an inline license then goes to a Secret of its own).
    if (!credentials.ours && context.credentials.managed) {
      ({ objects: desired, cluster: context } = desiredObjects(rec, previousSpec, {
        ...this.renderOptions,
        existingCredentialsSecret: true,
      }));
    }
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
      // Rack awareness: Node read, granted outside the namespace. Before granting what garbage
      // collection cannot take back, make sure we get to take it back (the finalizer); granted
      // before the pods that need it are applied.
      const nodeReader = context.spec.rackAwarenessNodeLabel ? context.serviceAccountName : undefined;
      if (nodeReader && !hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, true);
      if (nodeReader || hasCleanupFinalizer(rec) || this.deps.nodeReader.watched) {
        const change = await this.deps.nodeReader.converge(key, nodeReader);
        const label = `ServiceAccount ${change?.serviceAccount} in ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}`;
        if (change?.kind === 'added') outcome.created.push(label);
        else if (change?.kind === 'removed') outcome.pruned.push(label);
        else if (change?.kind === 'restored') {
          outcome.drifted.push(`${label} (removed)`);
          this.deps.metrics?.driftCorrected('ClusterRoleBinding');
        }
      }
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

      outcome.pruned.push(...(await this.prune(rec, keep, appliedHashes)));
      if (!nodeReader && hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, false);
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

    const sts = this.deps.cache.get(RESOURCE.statefulSet, namespace, name);
    const rigger = this.deps.cache.get(RESOURCE.deployment, namespace, `${name}-services-rigger`);
    const previousState = this.lastState.get(uid) ?? rec.status?.state;
    // A StatefulSet created by this very reconcile has no pods yet, whatever a fast cache says.
    const justCreated = !previousState && outcome.created.some((label) => label.startsWith('StatefulSet '));
    // Why it is not ready, in Kubernetes' words, and the official status fields the objects tell.
    const observed = observeWorkloads(this.deps.cache, namespace, name, {
      nodes: context.spec.nodes,
      ...(sts && !justCreated ? { statefulSet: sts } : {}),
      now: this.deps.now?.() ?? new Date(),
    });
    const notReady = readinessReason(observed);
    const parity = statusParity(context, desired, observed.claims);
    const state = clusterState({
      ...(sts && !justCreated ? { statefulSet: sts } : {}),
      servicesRigger: rigger,
      ...(previousState ? { previousState } : {}),
      ...(notReady.reason ? { notReady: notReady.reason } : {}),
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
      condition('Ready', state.ready ? 'True' : 'False', state.reason, state.message),
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
      await this.notReadyEvents.tell(
        rec,
        state.ready ? undefined : notReady.reason,
        rec.status?.conditions?.find((c) => c.type === 'Ready'),
      );
    };
    await Promise.all([
      tell(),
      this.writeStatus(rec, { state: state.state, specStatus: 'Valid', ...credentialsStatus, conditions }, warnings, {
        stateTold: firstStateInCreated,
        parity,
      }),
    ]);
    // A claim still within its grace: look again when it ends, even if nothing else changes.
    if (!state.ready && notReady.recheckAfterMs !== undefined) return { requeueAfterMs: notReady.recheckAfterMs };
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
          throw applyError(object, error);
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
    this.notReadyEvents.forget(uid);
    this.deps.secrets?.forget(uid);
  }

  /**
   * Credentials not in order, or an ingress method the install does not enable: nothing applied,
   * the status says what to do, an event when it changes.
   */
  private async blockedBeforeApply(
    rec: Rec,
    check: { readonly reason: string; readonly message: string },
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
    for (const type of this.prunable) {
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

  /**
   * `stateTold`: an event of this reconcile already said the new state; record no state event.
   * `parity`: the official fields the objects tell; absent, the last ones are kept (this reconcile
   * could not observe).
   */
  private async writeStatus(
    rec: Rec,
    next: ClusterStatus,
    warnings: readonly { path: string; message: string }[],
    options: { stateTold?: boolean; parity?: StatusParity } = {},
  ): Promise<void> {
    const now = (this.deps.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const generation = rec.metadata.generation;
    const notActedOn = warnings.filter((w) => w.message.startsWith('accepted but not acted on')).map((w) => w.path);
    const conditions = [...next.conditions];
    if (notActedOn.length > 0) {
      conditions.push(
        condition(
          'FieldsNotActedOn',
          'True',
          'NotActedOn',
          `accepted but not acted on (they change no Kubernetes object): ${notActedOn.join(', ')}`,
        ),
      );
    }
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
      ...(options.parity ?? keptParity(rec.status)),
      conditions: mergeConditions(rec.status?.conditions, withGeneration, now),
    };
    const current = writtenFields(rec.status);
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
      notActedOn.length > 0 &&
      !rec.status?.conditions?.some((c) => c.type === 'FieldsNotActedOn' && c.observedGeneration === generation)
    ) {
      await this.deps.events.record(
        rec,
        'Normal',
        'FieldsNotActedOn',
        `accepted but not acted on: ${notActedOn.join(', ')}`,
      );
    }
  }
}

/** Name the object in the error. */
function applyError(object: KubeObject, error: unknown): Error {
  const detail =
    error instanceof KubeApiError ? `${error.code} ${error.reason}: ${error.message}` : (error as Error).message;
  return new Error(`applying ${object.kind} ${object.metadata.name}: ${detail}`);
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
