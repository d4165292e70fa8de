/**
 * The REC's status: the official `state` and `specStatus`, plus what the official operator does
 * not give and GitOps tools need: `observedGeneration` and standard `conditions`. Computed from
 * what was observed, compared with the current status, and written only when it differs.
 */
import type { ClusterState } from '../crd/status-schema.js';
import type { KubeObject } from '../kube/client.js';
import { NOT_ACTED_ON_WARNING } from '../spec/not-acted-on.js';
import { POD_SECURITY_WARNING } from '../spec/pod-security-warnings.js';
import type { SpecProblem } from '../spec/issues.js';
import type { NotReadyReason } from './readiness-reason.js';
import { keptParity, type StatusParity } from './status-parity.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface ClusterStatus extends StatusParity {
  state: ClusterState;
  specStatus: 'Valid' | 'Invalid';
  observedGeneration?: number;
  /** The Secret with the admin credentials the cluster uses (the official status field). */
  clusterCredentialSecretName?: string;
  conditions: Condition[];
  [key: string]: unknown;
}

/**
 * The status fields the runner writes (and owns, under its status field manager): what a status
 * write compares with. Other fields (an official operator's licenseStatus, ...) are left alone.
 */
export const WRITTEN_STATUS_FIELDS = [
  'state',
  'specStatus',
  'observedGeneration',
  'clusterCredentialSecretName',
  'persistenceStatus',
  'ingressOrRouteMethodStatus',
  'redisEnterpriseIPFamily',
  'conditions',
] as const;

/** The fields of `status` the runner writes, those absent left out. */
export function writtenFields(status: Partial<ClusterStatus> | undefined): Partial<ClusterStatus> {
  return Object.fromEntries(
    WRITTEN_STATUS_FIELDS.filter((field) => status?.[field] !== undefined).map((field) => [field, status![field]]),
  );
}

interface StatefulSetLike {
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    replicas?: number;
  };
  metadata: { generation?: number };
}

/** What the cluster's workloads say, boiled down. */
export interface Observed {
  readonly statefulSet?: KubeObject;
  readonly servicesRigger?: KubeObject;
  readonly previousState?: string;
  /** Why it is not ready, in Kubernetes' words (readiness-reason.ts): appended to the message. */
  readonly notReady?: NotReadyReason;
}

export interface ObservedState {
  state: ClusterState;
  ready: boolean;
  /** The Ready condition's reason: the state, or the code of `notReady` when there is one. */
  reason: string;
  /** One line: nodes ready, and why not when Kubernetes says. */
  message: string;
}

export function clusterState(observed: Observed): ObservedState {
  const { state, ready, message } = stateOf(observed);
  if (ready || !observed.notReady) return { state, ready, reason: state, message };
  return { state, ready, reason: observed.notReady.code, message: `${message}: ${observed.notReady.message}` };
}

function stateOf(observed: Observed): { state: ClusterState; ready: boolean; message: string } {
  const sts = observed.statefulSet as StatefulSetLike | undefined;
  if (!sts?.status || sts.status.observedGeneration === undefined)
    return { state: 'PendingCreation', ready: false, message: 'waiting for the StatefulSet controller' };
  const want = sts.spec?.replicas ?? 0;
  const ready = sts.status.readyReplicas ?? 0;
  const updated = sts.status.updatedReplicas ?? 0;
  const current = sts.status.observedGeneration === sts.metadata.generation;
  const rolledOut =
    current &&
    updated === want &&
    (!sts.status.updateRevision || sts.status.currentRevision === sts.status.updateRevision);
  const rigger = observed.servicesRigger as { status?: { availableReplicas?: number } } | undefined;
  const riggerUp = (rigger?.status?.availableReplicas ?? 0) >= 1;
  if (ready === want && rolledOut && riggerUp)
    return { state: 'Running', ready: true, message: `${ready}/${want} nodes ready` };
  const wasRunning = observed.previousState === 'Running' || observed.previousState === 'RunningRollingUpdate';
  if (wasRunning)
    return {
      state: 'RunningRollingUpdate',
      ready: false,
      message: `${ready}/${want} nodes ready, ${updated}/${want} updated`,
    };
  if (ready === 0) return { state: 'PendingCreation', ready: false, message: `0/${want} nodes ready` };
  return {
    state: 'Initializing',
    ready: false,
    message: `${ready}/${want} nodes ready${riggerUp ? '' : ', services rigger not available'}`,
  };
}

export function condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
  return { type, status, reason, message };
}

/**
 * The fields not acted on, grouped by why (the words `validate` prints): `accepted but not acted
 * on: spec.ldap, spec.backup (a Redis Enterprise setting: ...); spec.podStartingPolicy (this
 * runner's install ...)`. Undefined when there are none.
 */
export function notActedOn(warnings: readonly SpecProblem[]): string | undefined {
  const byReason = new Map<string, string[]>();
  for (const w of warnings) {
    if (!w.message.startsWith(NOT_ACTED_ON_WARNING)) continue;
    const why = w.message
      .slice(NOT_ACTED_ON_WARNING.length)
      .trim()
      .replace(/^\((.*)\)$/s, '$1');
    byReason.set(why, [...(byReason.get(why) ?? []), w.path]);
  }
  if (byReason.size === 0) return undefined;
  const groups = [...byReason].map(([why, paths]) => (why ? `${paths.join(', ')} (${why})` : paths.join(', ')));
  return `${NOT_ACTED_ON_WARNING}: ${groups.join('; ')}`;
}

/**
 * The conditions the spec's warnings add: FieldsNotActedOn, and PodSecurityRestricted, said only
 * when it fails: a namespace enforcing `restricted` refuses these pods, and the StatefulSet's
 * events are where users would otherwise have to look for why.
 */
function warningConditions(warnings: readonly SpecProblem[]): Condition[] {
  const conditions: Condition[] = [];
  const notActedOnSaid = notActedOn(warnings);
  if (notActedOnSaid) conditions.push(condition('FieldsNotActedOn', 'True', 'NotActedOn', notActedOnSaid));
  const notRestricted = warnings.filter((w) => w.message.startsWith(POD_SECURITY_WARNING));
  if (notRestricted.length > 0)
    conditions.push(
      condition(
        'PodSecurityRestricted',
        'False',
        'NotRestricted',
        notRestricted.map((w) => `${w.path}: ${w.message}`).join('; '),
      ),
    );
  return conditions;
}

/**
 * The status to write: `next` answering `generation`, with the conditions the warnings add and
 * their transition times kept, and the Secret in use still named while a reconcile cannot tell
 * (an invalid spec, a deletion). `parity`: the official fields the objects tell; absent, the
 * current ones are kept (a reconcile that could not observe).
 */
export function statusToWrite(
  current: Partial<ClusterStatus> | undefined,
  next: ClusterStatus,
  warnings: readonly SpecProblem[],
  generation: number | undefined,
  now: string,
  parity?: StatusParity,
): ClusterStatus {
  const conditions = [...next.conditions, ...warningConditions(warnings)].map((c) =>
    generation !== undefined ? { ...c, observedGeneration: generation } : c,
  );
  const secretInUse = next.clusterCredentialSecretName ?? current?.clusterCredentialSecretName;
  return {
    state: next.state,
    specStatus: next.specStatus,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    ...(secretInUse ? { clusterCredentialSecretName: secretInUse } : {}),
    ...(parity ?? keptParity(current)),
    conditions: mergeConditions(current?.conditions, conditions, now),
  };
}

/** Whether the status as read already says `next`: only the fields the runner writes count. */
export function statusSays(current: Partial<ClusterStatus> | undefined, next: ClusterStatus): boolean {
  return sameStatus(writtenFields(current), next);
}

/** Conditions keep their lastTransitionTime unless their status flips. */
export function mergeConditions(
  previous: readonly Condition[] | undefined,
  next: readonly Condition[],
  now: string,
): Condition[] {
  return next.map((condition) => {
    const before = previous?.find((c) => c.type === condition.type);
    const lastTransitionTime =
      before && before.status === condition.status && before.lastTransitionTime ? before.lastTransitionTime : now;
    return { ...condition, lastTransitionTime };
  });
}

/** Status equality ignoring key order. */
export function sameStatus(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
