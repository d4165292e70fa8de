/**
 * The reconcile of one REC, level-triggered: given a request (namespace and name), read the REC
 * and what it owns from the caches, converge, report. It never branches on what woke it. In order:
 *
 *   gone?         forget what was remembered of it
 *   deleting?     finalize: the status says Deleting; cluster-scoped objects deleted, finalizer off
 *   validate      schema, cross-field and edit rules (against the edit basis on the StatefulSet),
 *                 and synthesis in memory; invalid: report, apply nothing
 *   credentials   the credentials Secret found, or made once with a password; not in order:
 *                 report, apply nothing, look again soon
 *   apply, prune  the finalizer first when cluster-scoped objects are wanted; what differs applied
 *                 (apply.ts), what is no longer wanted deleted (prune.ts)
 *   report        status and conditions, and the events that tell what was done
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { errorMessage } from '../kube/client.js';
import { RESOURCE, resourceFor } from '../kube/resources.js';
import { ClusterSpecError } from '../errors.js';
import { clusterObjectNames } from '../names.js';
import type { SpecProblem } from '../spec/issues.js';
import { NOT_ACTED_ON_WARNING } from '../spec/not-acted-on.js';
import type { ReconcileResult } from '../controller/controller.js';
import type { ReconcilerMetrics } from '../controller/metrics.js';
import type { Logger } from '../controller/logger.js';
import { type Request, requestFor, requestKey } from '../controller/request.js';
import { STATUS_FIELD_MANAGER } from './names.js';
import { appliedEditBasis, desiredObjects, ownedObjectKey } from './desired-objects.js';
import { CredentialsKeeper, type CredentialsCheck } from './credentials.js';
import { applyDesired, fingerprint } from './apply.js';
import { pruneOwned } from './prune.js';
import { deleteClusterScoped, hasCleanupFinalizer, orphanedDeletion, setCleanupFinalizer } from './cluster-scoped.js';
import { outcomeEvents, normal, warning, type Outcome, type Told } from './outcome.js';
import {
  clusterState,
  condition,
  notActedOn,
  statusSays,
  statusToWrite,
  type ClusterStatus,
  type Condition,
} from './status.js';
import type { EventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import type { SecretStore } from './secret-store.js';

/**
 * The requests a reconcile makes; everything else it reads from the caches. Narrow, like the
 * informer's `ListWatchClient` and the leader elector's client, so a unit test can stand in for it.
 */
export type ReconcilerClient = Pick<KubeClient, 'get' | 'create' | 'apply' | 'patch' | 'delete'>;

export interface ReconcilerDeps {
  readonly client: ReconcilerClient;
  readonly cache: ObjectCache;
  readonly events: EventRecorder;
  readonly log: Logger;
  readonly metrics?: ReconcilerMetrics;
  readonly now?: () => Date;
  /**
   * The Secrets the REC names, read by name (the runner has no Secret informer: see
   * secret-store.ts). Absent: `cache` answers for Secrets too.
   */
  readonly secrets?: SecretStore;
}

/** A REC as cached: its status is what we read of it. */
type Rec = KubeObject & { status?: Partial<ClusterStatus> };

/** The objects a valid spec asks for, and what synthesis found out on the way. */
type Synthesized = ReturnType<typeof desiredObjects>;

/** Credentials in order: which Secret, and what was done to it. */
type CredentialsReady = Extract<CredentialsCheck, { ready: true }>;

/** What the reconciler keeps of one REC between reconciles; rebuilt from the caches after a restart. */
interface RecMemory {
  readonly uid: string;
  /** The hash of each object as last applied (by `ownedObjectKey`), to tell drift from a spec change. */
  readonly applied: Map<string, string>;
  /** The status we last wrote, so a status the API server prunes is not rewritten forever. */
  statusWritten?: string;
  /** The state we last wrote; the cached REC may not show our own write yet. */
  state?: string;
}

/** How soon a REC waiting for its credentials Secret looks again: the user's Secrets are not watched. */
const CREDENTIALS_RECHECK_MS = 10_000;

export class ClusterReconciler {
  /** What is remembered of each REC, by its request key. */
  private readonly memory = new Map<string, RecMemory>();
  /** The credentials Secret of each REC: found, or made once. */
  private readonly credentials: CredentialsKeeper;

  constructor(private readonly deps: ReconcilerDeps) {
    this.credentials = new CredentialsKeeper(deps.client, deps.cache, deps.secrets);
  }

  /** How many RECs are remembered (for tests and metrics): those seen and not yet found gone. */
  get remembered(): number {
    return this.memory.size;
  }

  /** One pass over the REC `request` names, in the order of this file's header. */
  async reconcile(request: Request): Promise<ReconcileResult | void> {
    const rec: Rec | undefined = this.deps.cache.get(RESOURCE.redisEnterpriseCluster, request.namespace, request.name);
    // Gone: garbage collection removes what it owned, the finalizer saw to the rest.
    if (!rec) return this.forget(requestKey(request));
    const memory = this.remember(requestKey(request), rec);
    if (rec.metadata.deletionTimestamp) return this.finalize(rec, memory);

    const synthesized = this.validate(rec);
    if (synthesized instanceof ClusterSpecError) return this.reportInvalid(rec, memory, synthesized);

    const credentials = await this.checkCredentials(rec, memory, synthesized);
    if (!credentials.ready) {
      await this.reportCredentialsBlocked(rec, memory, credentials, synthesized.warnings);
      // The user's Secrets are not watched: look again soon.
      return { requeueAfterMs: CREDENTIALS_RECHECK_MS };
    }

    const desired = this.withCredentials(rec, synthesized, credentials);
    let outcome: Outcome;
    try {
      outcome = await this.applyAndPrune(rec, memory, desired);
    } catch (error) {
      await this.reportApplyFailed(rec, memory, error, credentials, synthesized.warnings);
      throw error;
    }
    await this.reportApplied(rec, memory, outcome, credentials, synthesized.warnings);
  }

  /** What is remembered of the REC behind `key`; a REC re-created under a known name starts afresh. */
  private remember(key: string, rec: Rec): RecMemory {
    const uid = rec.metadata.uid ?? key;
    const known = this.memory.get(key);
    if (known?.uid === uid) return known;
    this.forget(key);
    const fresh: RecMemory = { uid, applied: new Map() };
    this.memory.set(key, fresh);
    return fresh;
  }

  /** Forget a REC that is gone (or was replaced by a new one of the same name). */
  private forget(key: string): void {
    const known = this.memory.get(key);
    if (!known) return;
    this.memory.delete(key);
    this.deps.secrets?.forget(known.uid);
  }

  /**
   * Being deleted: the status says so; garbage collection deletes what the REC owns. Its
   * cluster-scoped objects, which it cannot own, are deleted here (kept when the deletion orphans
   * what the REC made), and then our finalizer lets the REC go.
   */
  private async finalize(rec: Rec, memory: RecMemory): Promise<void> {
    const specStatus = rec.status?.specStatus === 'Invalid' ? 'Invalid' : 'Valid';
    await this.writeStatus(rec, memory, { state: 'Deleting', specStatus, conditions: [] }, []);
    if (!hasCleanupFinalizer(rec)) return;
    if (await orphanedDeletion(this.deps.client, rec))
      this.deps.log.info(
        { rec: requestKey(requestFor(rec)) },
        'deleted with orphan propagation: keeping its cluster-scoped objects',
      );
    else await deleteClusterScoped(this.deps.client, rec);
    await setCleanupFinalizer(this.deps.client, rec, false);
  }

  /**
   * Validation and synthesis in one: the objects the spec asks for, or why it is invalid. Edits are
   * checked against what was last applied (the edit basis kept on the StatefulSet), which the API
   * server does not check when the CRD lacks our transition rules. No StatefulSet (a new REC, or
   * one deleted by hand): no basis.
   */
  private validate(rec: Rec, options: { existingCredentialsSecret?: boolean } = {}): Synthesized | ClusterSpecError {
    const statefulSet = this.deps.cache.get(RESOURCE.statefulSet, rec.metadata.namespace, rec.metadata.name);
    try {
      return desiredObjects(rec, appliedEditBasis(statefulSet), options);
    } catch (error) {
      if (error instanceof ClusterSpecError) return error;
      throw error;
    }
  }

  /**
   * The credentials Secret, found or made once (credentials.ts), after reading every Secret this
   * REC may name (the credentials, the license, the one the status says is in use) once per spec
   * generation, so a resync reads nothing.
   */
  private async checkCredentials(rec: Rec, memory: RecMemory, synthesized: Synthesized): Promise<CredentialsCheck> {
    const { cluster, objects } = synthesized;
    const namespace = rec.metadata.namespace ?? '';
    const secretInUse = rec.status?.clusterCredentialSecretName;
    if (this.deps.secrets && !cluster.credentials.inVault) {
      const names = [
        cluster.credentials.secretName,
        cluster.names.licenseSecret,
        ...objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name),
        ...(secretInUse ? [secretInUse] : []),
      ];
      await this.deps.secrets.load(memory.uid, rec.metadata.generation, namespace, names);
    }
    return this.credentials.check({ uid: memory.uid, namespace, ...(secretInUse ? { secretInUse } : {}) }, cluster);
  }

  /**
   * The objects to apply once the credentials are in order. A Secret this project did not make is
   * read, never written: synthesize as for a Secret of the user's (an inline license then goes to
   * a Secret of its own).
   */
  private withCredentials(rec: Rec, synthesized: Synthesized, credentials: CredentialsReady): KubeObject[] {
    if (credentials.ours || !synthesized.cluster.credentials.managed) return synthesized.objects;
    const asTheUsers = this.validate(rec, { existingCredentialsSecret: true });
    // The same spec, valid a moment ago: only a bug makes it invalid now.
    if (asTheUsers instanceof ClusterSpecError) throw asTheUsers;
    return asTheUsers.objects;
  }

  /**
   * Apply what differs and prune what is no longer wanted. Before creating what garbage collection
   * cannot delete (cluster-scoped objects), make sure we get to delete it: our finalizer first;
   * once none is wanted any more (rack awareness turned off), delete them and drop it.
   */
  private async applyAndPrune(rec: Rec, memory: RecMemory, desired: readonly KubeObject[]): Promise<Outcome> {
    const clusterScoped = desired.some((o) => !resourceFor(o.apiVersion, o.kind).namespaced);
    if (clusterScoped && !hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, true);
    const applied = await applyDesired(this.deps, rec, desired, memory.applied);
    const keep = new Set(desired.map(ownedObjectKey));
    const pruned = await pruneOwned(this.deps, this.credentials, rec, keep, memory.applied);
    if (!clusterScoped && hasCleanupFinalizer(rec)) {
      pruned.push(...(await deleteClusterScoped(this.deps.client, rec)));
      await setCleanupFinalizer(this.deps.client, rec, false);
    }
    return { ...applied, pruned };
  }

  /** Invalid: nothing applied; the status says why; an event when the reason changes. */
  private async reportInvalid(rec: Rec, memory: RecMemory, error: ClusterSpecError): Promise<void> {
    const message = error.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const before = rec.status?.conditions?.find((c) => c.type === 'SpecValid');
    if (!(before?.status === 'False' && before.message === message))
      await this.tell(rec, [warning('InvalidConfiguration', `${message}; nothing was applied`)]);
    const conditions = [
      condition('SpecValid', 'False', 'InvalidConfiguration', message),
      condition('Reconciled', 'False', 'InvalidConfiguration', 'nothing is applied while the spec is invalid'),
      condition('Ready', 'False', 'InvalidConfiguration', 'the spec is invalid'),
    ];
    await this.writeStatus(rec, memory, { state: 'Invalid', specStatus: 'Invalid', conditions }, []);
  }

  /** Credentials not in order: nothing applied; the status says what to do; an event when it changes. */
  private async reportCredentialsBlocked(
    rec: Rec,
    memory: RecMemory,
    check: Extract<CredentialsCheck, { ready: false }>,
    warnings: readonly SpecProblem[],
  ): Promise<void> {
    const before = rec.status?.conditions?.find((c) => c.type === 'Reconciled');
    if (!(before?.reason === check.reason && before.message === check.message))
      await this.tell(rec, [warning(check.reason, check.message)]);
    const conditions = [
      specValid(),
      condition('Reconciled', 'False', check.reason, check.message),
      condition('Ready', 'False', check.reason, check.message),
    ];
    // The Secret in use stays the one the running cluster uses, if any (writeStatus keeps it).
    await this.writeStatus(rec, memory, { state: 'Error', specStatus: 'Valid', conditions }, warnings);
  }

  /** An apply failed: an event and the status say which object and why; the error goes back to the queue. */
  private async reportApplyFailed(
    rec: Rec,
    memory: RecMemory,
    error: unknown,
    credentials: CredentialsReady,
    warnings: readonly SpecProblem[],
  ): Promise<void> {
    const message = errorMessage(error);
    await this.tell(rec, [
      ...(credentials.note ? [normal('PasswordCreated', credentials.note)] : []),
      warning('ApplyFailed', message),
    ]);
    const conditions = [
      specValid(),
      condition('Reconciled', 'False', 'ApplyFailed', message),
      condition('Ready', 'False', 'ApplyFailed', message),
    ];
    const status: ClusterStatus = {
      state: 'Error',
      specStatus: 'Valid',
      clusterCredentialSecretName: credentials.secretName,
      conditions,
    };
    await this.writeStatus(rec, memory, status, warnings);
  }

  /**
   * Applied: the state as the workloads show it, the conditions, and the events that tell what was
   * done. The events go out while the status is written: they are for people and decide nothing,
   * so a reconcile does not wait one round trip more for them.
   */
  private async reportApplied(
    rec: Rec,
    memory: RecMemory,
    outcome: Outcome,
    credentials: CredentialsReady,
    warnings: readonly SpecProblem[],
  ): Promise<void> {
    const previousState = memory.state ?? rec.status?.state;
    const state = this.observeState(rec, outcome, previousState);
    // A new REC's first state is told in its Created event rather than in one of its own.
    const stateTold = !previousState && outcome.created.length > 0;
    const status: ClusterStatus = {
      state: state.state,
      specStatus: 'Valid',
      clusterCredentialSecretName: credentials.secretName,
      conditions: [specValid(), reconciledCondition(outcome), readyCondition(state)],
    };
    await Promise.all([
      this.tell(rec, outcomeEvents(outcome, credentials.note, stateTold ? state : undefined)),
      this.writeStatus(rec, memory, status, warnings, { stateTold }),
    ]);
  }

  /** The cluster's state, from its StatefulSet and services rigger as cached. */
  private observeState(rec: Rec, outcome: Outcome, previousState: string | undefined) {
    const names = clusterObjectNames(rec.metadata.name);
    const namespace = rec.metadata.namespace;
    const statefulSet = this.deps.cache.get(RESOURCE.statefulSet, namespace, names.statefulSet);
    const servicesRigger = this.deps.cache.get(RESOURCE.deployment, namespace, names.servicesRigger);
    // A StatefulSet created by this very reconcile has no pods yet, whatever a fast cache says.
    const justCreated = !previousState && outcome.created.some((label) => label.startsWith('StatefulSet '));
    return clusterState({
      ...(statefulSet && !justCreated ? { statefulSet } : {}),
      servicesRigger,
      ...(previousState ? { previousState } : {}),
    });
  }

  /** Record `told`, in order; a failed event is logged by the recorder and never fails the reconcile. */
  private async tell(rec: Rec, told: readonly Told[]): Promise<void> {
    for (const { type, reason, message } of told) await this.deps.events.record(rec, type, reason, message);
  }

  /**
   * Write the status when it says something new (through the status subresource, with a field
   * manager of its own), and tell a change of state in an event, unless an event of this
   * reconcile already told it (`stateTold`).
   */
  private async writeStatus(
    rec: Rec,
    memory: RecMemory,
    next: ClusterStatus,
    warnings: readonly SpecProblem[],
    options: { stateTold?: boolean } = {},
  ): Promise<void> {
    const now = (this.deps.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const generation = rec.metadata.generation;
    const status = statusToWrite(rec.status, next, warnings, generation, now);
    const written = fingerprint(status);
    if (statusSays(rec.status, status) || memory.statusWritten === written) return;

    const previousState = memory.state ?? rec.status?.state;
    this.deps.log.debug({ rec: requestKey(requestFor(rec)), state: status.state }, 'writing status');
    await this.deps.client.apply(
      {
        apiVersion: rec.apiVersion,
        kind: rec.kind,
        metadata: { name: rec.metadata.name, namespace: rec.metadata.namespace ?? 'default' },
        status,
      },
      { fieldManager: STATUS_FIELD_MANAGER, force: true, subresource: 'status' },
    );
    memory.statusWritten = written;
    memory.state = status.state;
    const told: Told[] = [];
    if (previousState !== status.state && !options.stateTold) {
      const message = `state ${previousState ?? '(none)'} -> ${status.state}: ${readyMessage(status)}`;
      const failed = status.state === 'Error' || status.state === 'Invalid';
      told.push(failed ? warning(status.state, message) : normal(status.state, message));
    }
    const fields = notActedOn(warnings);
    const saidForThisGeneration = rec.status?.conditions?.some(
      (c) => c.type === 'FieldsNotActedOn' && c.observedGeneration === generation,
    );
    if (fields.length > 0 && !saidForThisGeneration)
      told.push(normal('FieldsNotActedOn', `${NOT_ACTED_ON_WARNING}: ${fields.join(', ')}`));
    await this.tell(rec, told);
  }
}

function specValid(): Condition {
  return condition('SpecValid', 'True', 'SpecValid', 'the spec passed validation');
}

/** Reconciled: every object matches the spec, or which field the StatefulSet could not take. */
function reconciledCondition(outcome: Outcome): Condition {
  return outcome.blocked
    ? condition(
        'Reconciled',
        'False',
        'ImmutableFieldChange',
        `${outcome.blocked.field} cannot change on an existing StatefulSet`,
      )
    : condition('Reconciled', 'True', 'Applied', 'every object matches the spec');
}

/** Ready: the state the workloads show, as its reason. */
function readyCondition(state: ReturnType<typeof clusterState>): Condition {
  return condition('Ready', state.ready ? 'True' : 'False', state.state, state.message);
}

function readyMessage(status: ClusterStatus): string {
  return status.conditions.find((c) => c.type === 'Ready')?.message ?? '';
}
