/**
 * The reconcile of one REC, level-triggered: given a request (namespace and name), read the REC
 * and what it owns from the caches, converge, report. It never branches on what woke it. In order:
 *
 *   gone?         forget what was remembered of it
 *   deleting?     finalize: the status says Deleting; its ServiceAccount out of the node-reader
 *                 binding, finalizer off
 *   validate      schema, cross-field and edit rules (against the edit basis on the StatefulSet),
 *                 and synthesis in memory; invalid: report, apply nothing
 *   ingress       the ingress method the spec asks for is one this install enables; not: report,
 *                 apply nothing (ingress-enablement.ts)
 *   credentials   the credentials Secret found, or made once with a password; not in order:
 *                 report, apply nothing, look again soon
 *   node reader   rack awareness: the finalizer first, then the REC's ServiceAccount in the
 *                 install's node-reader binding (node-reader-binding.ts), before the pods need it
 *   apply, prune  what differs applied (apply.ts), what is no longer wanted deleted (prune.ts);
 *                 the finalizer off once rack awareness is
 *   report        status and conditions (with why it is not ready, readiness-reason.ts, and the
 *                 official fields the objects tell, status-parity.ts), and the events that tell
 *                 what was done
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import { errorMessage } from '../kube/client.js';
import { RESOURCE, type ResourceType } from '../kube/resources.js';
import { ClusterSpecError } from '../errors.js';
import { clusterObjectNames } from '../names.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../node-rbac.js';
import type { IngressMethod } from '../spec/external-access.js';
import type { SpecProblem } from '../spec/issues.js';
import { RUNNER_ONLY } from '../spec/not-acted-on.js';
import type { ReconcileResult } from '../controller/controller.js';
import type { ReconcilerMetrics } from '../controller/metrics.js';
import type { Logger } from '../controller/logger.js';
import { type Request, requestFor, requestKey } from '../controller/request.js';
import { STATUS_FIELD_MANAGER } from './names.js';
import { appliedEditBasis, desiredObjects, ownedObjectKey, runningVersion } from './desired-objects.js';
import { ALL_FEATURES, type RunnerFeatures } from './features.js';
import { withinInstall } from './install-features.js';
import { applyStartingPolicy } from './starting-policy.js';
import { CredentialsKeeper, type CredentialsCheck } from './credentials.js';
import { applyDesired, fingerprint } from './apply.js';
import { pruneOwned } from './prune.js';
import { hasCleanupFinalizer, orphanedDeletion, setCleanupFinalizer } from './cleanup-finalizer.js';
import type { NodeReaderBindingWriter } from './node-reader-binding.js';
import { INGRESS_METHOD_NOT_ENABLED, ingressMethodNotEnabled } from './ingress-enablement.js';
import { OWNED_TYPES, ingressOwnedTypes } from './owned-types.js';
import { readinessReason, type ReadinessVerdict } from './readiness-reason.js';
import { observeWorkloads } from './readiness-watch.js';
import { NotReadyEvents } from './not-ready-events.js';
import { statusParity, type StatusParity } from './status-parity.js';
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
  /** Rack awareness: the REC's ServiceAccount in the install's node-reader binding. */
  readonly nodeReader: NodeReaderBindingWriter;
  /** The ingress methods this runner's install enables (their kinds are watched). @default none */
  readonly ingressMethods?: ReadonlySet<IngressMethod>;
  /** The Istio ingress gateway's pod labels (`--istio-gateway-selector`). @default { istio: 'ingress' } */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  /**
   * What the install lets this runner act on (features.ts), read at each reconcile: it is known
   * once the runner has asked the API server. @default every option on
   */
  readonly features?: () => RunnerFeatures;
}

/** A REC as cached: its status is what we read of it. */
type Rec = KubeObject & { status?: Partial<ClusterStatus> };

/** The objects a valid spec asks for, and what synthesis found out on the way. */
type Synthesized = ReturnType<typeof desiredObjects>;

/** Credentials in order: which Secret, and what was done to it. */
type CredentialsReady = Extract<CredentialsCheck, { ready: true }>;

/** Why nothing is applied although the spec is valid: credentials not in order, an ingress method not enabled. */
interface Blocked {
  readonly reason: string;
  readonly message: string;
}

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

    const notEnabled = this.checkIngressEnabled(synthesized);
    if (notEnabled) return this.reportBlockedBeforeApply(rec, memory, notEnabled, synthesized.warnings);

    const credentials = await this.checkCredentials(rec, memory, synthesized);
    if (!credentials.ready) {
      await this.reportBlockedBeforeApply(rec, memory, credentials, synthesized.warnings);
      // The user's Secrets are not watched: look again soon.
      return { requeueAfterMs: CREDENTIALS_RECHECK_MS };
    }

    const desired = this.withCredentials(rec, synthesized, credentials);
    let outcome: Outcome;
    try {
      outcome = await this.applyAndPrune(rec, memory, synthesized, desired);
    } catch (error) {
      await this.reportApplyFailed(rec, memory, error, credentials, synthesized.warnings);
      throw error;
    }
    const startingRecheckMs = await applyStartingPolicy(this.deps, rec, synthesized.cluster);
    const reported = await this.reportApplied(rec, memory, synthesized, desired, outcome, credentials);
    return soonest(reported, startingRecheckMs);
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
    this.notReadyEvents.forget(known.uid);
    this.deps.secrets?.forget(known.uid);
  }

  /**
   * Being deleted: the status says so; garbage collection deletes what the REC owns. What it has
   * outside its namespace, its ServiceAccount in the node-reader binding, which it cannot own, is
   * taken out here (kept when the deletion orphans what the REC made), and then our finalizer lets
   * the REC go.
   */
  private async finalize(rec: Rec, memory: RecMemory): Promise<void> {
    const specStatus = rec.status?.specStatus === 'Invalid' ? 'Invalid' : 'Valid';
    await this.writeStatus(rec, memory, { state: 'Deleting', specStatus, conditions: [] }, []);
    if (!hasCleanupFinalizer(rec)) return;
    const request = requestFor(rec);
    if (await orphanedDeletion(this.deps.client, rec))
      this.deps.log.info(
        { rec: requestKey(request) },
        'deleted with orphan propagation: keeping its ServiceAccount in the node-reader binding',
      );
    else await this.deps.nodeReader.converge(request, undefined);
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
    // The version the nodes run, which they keep unless the spec says otherwise (upgradeSpec).
    const running = runningVersion(statefulSet);
    let synthesized: Synthesized;
    try {
      synthesized = desiredObjects(rec, appliedEditBasis(statefulSet), {
        ...this.renderOptions,
        ...options,
        ...(running ? { runningRedisEnterpriseVersion: running } : {}),
      });
    } catch (error) {
      if (error instanceof ClusterSpecError) return error;
      throw error;
    }
    // The runner acts on these: not a warning in its status.
    const warnings = synthesized.warnings.filter((w) => !w.message.startsWith(RUNNER_ONLY));
    return { ...synthesized, ...withinInstall({ ...synthesized, warnings }, this.deps.features?.() ?? ALL_FEATURES) };
  }

  /**
   * The ingress method the spec asks for needs kinds this runner watches and may write only when
   * its install enables the method: otherwise nothing is applied (not the rest, to fail half-way)
   * and the status names the flag to install with.
   */
  private checkIngressEnabled(synthesized: Synthesized): Blocked | undefined {
    const message = ingressMethodNotEnabled(synthesized.cluster.spec, this.ingressMethods);
    return message ? { reason: INGRESS_METHOD_NOT_ENABLED, message } : undefined;
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
   * Grant what rack awareness needs, apply what differs and prune what is no longer wanted. Once
   * rack awareness is off (and its ServiceAccount out of the binding), our finalizer goes too.
   */
  private async applyAndPrune(
    rec: Rec,
    memory: RecMemory,
    synthesized: Synthesized,
    desired: readonly KubeObject[],
  ): Promise<Outcome> {
    const nodeReader = synthesized.cluster.spec.rackAwarenessNodeLabel
      ? synthesized.cluster.serviceAccountName
      : undefined;
    const granted = await this.convergeNodeReader(rec, nodeReader);
    const applied = await applyDesired(this.deps, rec, desired, memory.applied);
    const keep = new Set(desired.map(ownedObjectKey));
    const pruned = await pruneOwned(this.deps, this.credentials, rec, this.prunable, keep, memory.applied);
    if (!nodeReader && hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, false);
    return {
      created: [...granted.created, ...applied.created],
      updated: applied.updated,
      drifted: [...granted.drifted, ...applied.drifted],
      pruned: [...granted.pruned, ...pruned],
      ...(applied.blocked ? { blocked: applied.blocked } : {}),
    };
  }

  /**
   * Rack awareness: Node read, granted outside the namespace as the REC's ServiceAccount
   * (`serviceAccount`, undefined when not rack-aware) in the install's node-reader binding. Before
   * granting what garbage collection cannot take back, make sure we get to take it back (the
   * finalizer); granted before the pods that need it are applied. A REC that never was rack-aware
   * costs no request (the binding's cache answers, or it is not watched and nothing is asked).
   */
  private async convergeNodeReader(
    rec: Rec,
    serviceAccount: string | undefined,
  ): Promise<Pick<Outcome, 'created' | 'drifted' | 'pruned'>> {
    const none = { created: [], drifted: [], pruned: [] };
    if (serviceAccount && !hasCleanupFinalizer(rec)) await setCleanupFinalizer(this.deps.client, rec, true);
    if (!serviceAccount && !hasCleanupFinalizer(rec) && !this.deps.nodeReader.watched) return none;
    const change = await this.deps.nodeReader.converge(requestFor(rec), serviceAccount);
    if (!change) return none;
    const label = `ServiceAccount ${change.serviceAccount} in ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}`;
    if (change.kind === 'added') return { ...none, created: [label] };
    if (change.kind === 'removed') return { ...none, pruned: [label] };
    this.deps.metrics?.driftCorrected('ClusterRoleBinding');
    return { ...none, drifted: [`${label} (removed)`] };
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

  /**
   * Credentials not in order, or an ingress method the install does not enable: nothing applied;
   * the status says what to do; an event when it changes.
   */
  private async reportBlockedBeforeApply(
    rec: Rec,
    memory: RecMemory,
    check: Blocked,
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
   * Applied: the state as the workloads show it (and why it is not ready, in Kubernetes' words),
   * the conditions, the official status fields the objects tell, and the events that tell what was
   * done. The events go out while the status is written: they are for people and decide nothing,
   * so a reconcile does not wait one round trip more for them. A claim still within its grace is
   * looked at again when the grace ends, even if nothing else changes.
   */
  private async reportApplied(
    rec: Rec,
    memory: RecMemory,
    synthesized: Synthesized,
    desired: readonly KubeObject[],
    outcome: Outcome,
    credentials: CredentialsReady,
  ): Promise<ReconcileResult | void> {
    const previousState = memory.state ?? rec.status?.state;
    const { state, notReady, parity } = this.observeState(rec, synthesized, desired, outcome, previousState);
    // A new REC's first state is told in its Created event rather than in one of its own.
    const stateTold = !previousState && outcome.created.length > 0;
    const status: ClusterStatus = {
      state: state.state,
      specStatus: 'Valid',
      clusterCredentialSecretName: credentials.secretName,
      conditions: [specValid(), reconciledCondition(outcome), readyCondition(state)],
    };
    const tellAll = async () => {
      await this.tell(rec, outcomeEvents(outcome, credentials.note, stateTold ? state : undefined));
      await this.notReadyEvents.tell(
        rec,
        state.ready ? undefined : notReady.reason,
        rec.status?.conditions?.find((c) => c.type === 'Ready'),
      );
    };
    await Promise.all([tellAll(), this.writeStatus(rec, memory, status, synthesized.warnings, { stateTold, parity })]);
    if (!state.ready && notReady.recheckAfterMs !== undefined) return { requeueAfterMs: notReady.recheckAfterMs };
  }

  /**
   * The cluster's state, from its StatefulSet and services rigger as cached; why it is not ready,
   * from its pods, claims and their events (readiness-watch.ts); and the official status fields
   * the objects tell (status-parity.ts).
   */
  private observeState(
    rec: Rec,
    synthesized: Synthesized,
    desired: readonly KubeObject[],
    outcome: Outcome,
    previousState: string | undefined,
  ): { state: ReturnType<typeof clusterState>; notReady: ReadinessVerdict; parity: StatusParity } {
    const names = clusterObjectNames(rec.metadata.name);
    const namespace = rec.metadata.namespace ?? '';
    const cached = this.deps.cache.get(RESOURCE.statefulSet, namespace, names.statefulSet);
    const servicesRigger = this.deps.cache.get(RESOURCE.deployment, namespace, names.servicesRigger);
    // A StatefulSet created by this very reconcile has no pods yet, whatever a fast cache says.
    const justCreated = !previousState && outcome.created.some((label) => label.startsWith('StatefulSet '));
    const statefulSet = cached && !justCreated ? cached : undefined;
    const observed = observeWorkloads(this.deps.cache, namespace, rec.metadata.name, {
      nodes: synthesized.cluster.spec.nodes,
      ...(statefulSet ? { statefulSet } : {}),
      now: this.deps.now?.() ?? new Date(),
    });
    const notReady = readinessReason(observed);
    const state = clusterState({
      ...(statefulSet ? { statefulSet } : {}),
      servicesRigger,
      ...(previousState ? { previousState } : {}),
      ...(notReady.reason ? { notReady: notReady.reason } : {}),
    });
    return { state, notReady, parity: statusParity(synthesized.cluster, desired, observed.claims) };
  }

  /** Record `told`, in order; a failed event is logged by the recorder and never fails the reconcile. */
  private async tell(rec: Rec, told: readonly Told[]): Promise<void> {
    for (const { type, reason, message } of told) await this.deps.events.record(rec, type, reason, message);
  }

  /**
   * Write the status when it says something new (through the status subresource, with a field
   * manager of its own), and tell a change of state in an event, unless an event of this
   * reconcile already told it (`stateTold`). `parity`: the official fields the objects tell;
   * absent, the last ones are kept (this reconcile could not observe).
   */
  private async writeStatus(
    rec: Rec,
    memory: RecMemory,
    next: ClusterStatus,
    warnings: readonly SpecProblem[],
    options: { stateTold?: boolean; parity?: StatusParity } = {},
  ): Promise<void> {
    const now = (this.deps.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const generation = rec.metadata.generation;
    const status = statusToWrite(rec.status, next, warnings, generation, now, options.parity);
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
    const notActedOnSaid = notActedOn(warnings);
    const saidForThisGeneration = rec.status?.conditions?.some(
      (c) => c.type === 'FieldsNotActedOn' && c.observedGeneration === generation,
    );
    if (notActedOnSaid && !saidForThisGeneration) told.push(normal('FieldsNotActedOn', notActedOnSaid));
    await this.tell(rec, told);
  }
}

/** The earlier of a report's recheck and another step's. */
function soonest(result: ReconcileResult | void, recheckMs: number | undefined): ReconcileResult | void {
  if (recheckMs === undefined) return result;
  const other = result?.requeueAfterMs;
  return { requeueAfterMs: other === undefined ? recheckMs : Math.min(other, recheckMs) };
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

/** Ready: the state the workloads show, or why it is not ready when Kubernetes says, as its reason. */
function readyCondition(state: ReturnType<typeof clusterState>): Condition {
  return condition('Ready', state.ready ? 'True' : 'False', state.reason, state.message);
}

function readyMessage(status: ClusterStatus): string {
  return status.conditions.find((c) => c.type === 'Ready')?.message ?? '';
}
