/**
 * Rack awareness under the runner, as data: which ServiceAccounts the install's one
 * `redis-enterprise-node-reader` ClusterRoleBinding must list, and for which RECs. Pure functions;
 * the writes are in node-reader-binding.ts.
 *
 * The binding itself records which of its subjects the runner added, and for which REC, in the
 * annotation `rec-cdk8s.io/rack-aware-recs`: a JSON object `{"<namespace>/<rec>": "<serviceAccount>"}`.
 * A subject alone could not say it:
 * - a subject names a ServiceAccount, not a REC, and two RECs of a namespace may share one
 *   (`serviceAccountName`): it stays while any REC still needs it;
 * - a REC deleted while no runner ran leaves its entry, which says which REC and StatefulSet to
 *   look for before the subject is removed (`rec-cdk8s orphans`, the runner's own sweep);
 * - a subject someone else added is in no entry: never removed by the runner.
 * Subjects and record change in one write (`subjects` is an atomic list for server-side apply,
 * so the whole object is read and written back with its resourceVersion).
 */
import type { KubeObject } from '../kube/client.js';
import { clusterServiceAccountName } from '../api/names.js';
import { requestFromKey } from '../controller/request.js';

export const RACK_AWARE_RECS_ANNOTATION = 'rec-cdk8s.io/rack-aware-recs';

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiGroup?: string;
}

export type NodeReaderBinding = KubeObject & {
  roleRef?: { apiGroup?: string; kind: string; name: string };
  subjects?: Subject[];
};

/** REC request key (`requestKey`: `namespace/name`) -> the name of its ServiceAccount, in that namespace. */
export type RackAwareRecs = ReadonlyMap<string, string>;

const namespaceOf = (recKey: string) => requestFromKey(recKey).namespace;
const subjectId = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
const isServiceAccount = (s: Subject) => s.kind === 'ServiceAccount';

/**
 * The record on `binding`. An entry that is not a `namespace/name` key with a string value is
 * left out: its subject then counts as someone else's and is never removed, the safe side; every
 * REC that needs one adds its entry back at its next reconcile.
 */
export function recordedRecs(binding: NodeReaderBinding | undefined): Map<string, string> {
  const text = binding?.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION];
  const recs = new Map<string, string>();
  if (!text) return recs;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return recs;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return recs;
  for (const [key, serviceAccount] of Object.entries(parsed)) {
    if (typeof serviceAccount === 'string' && serviceAccount && /^[^/]+\/[^/]+$/.test(key))
      recs.set(key, serviceAccount);
  }
  return recs;
}

/** The ServiceAccount subjects `recs` needs, as `namespace/name` ids. */
function neededSubjects(recs: RackAwareRecs): Set<string> {
  return new Set([...recs].map(([key, serviceAccount]) => subjectId(namespaceOf(key), serviceAccount)));
}

/** Sorted keys: the same record always reads the same, so an unchanged one is never rewritten. */
function serialize(recs: RackAwareRecs): string {
  return JSON.stringify(Object.fromEntries([...recs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * `binding` with its record replaced by `recs` and its subjects made to match: a subject only the
 * old record needed goes, one the new record needs is added (at the end; the order of the others
 * is kept), and a subject no record names is kept as it is. Undefined when nothing would change.
 */
export function withRecs(binding: NodeReaderBinding, recs: RackAwareRecs): NodeReaderBinding | undefined {
  const before = recordedRecs(binding);
  const wereNeeded = neededSubjects(before);
  const needed = neededSubjects(recs);
  const current = binding.subjects ?? [];
  const subjects = current.filter(
    (s) =>
      !(
        isServiceAccount(s) &&
        wereNeeded.has(subjectId(s.namespace, s.name)) &&
        !needed.has(subjectId(s.namespace, s.name))
      ),
  );
  let changed = subjects.length !== current.length;
  const present = new Set(subjects.filter(isServiceAccount).map((s) => subjectId(s.namespace, s.name)));
  for (const [key, name] of [...recs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const namespace = namespaceOf(key);
    if (present.has(subjectId(namespace, name))) continue;
    present.add(subjectId(namespace, name));
    subjects.push({ kind: 'ServiceAccount', name, namespace });
    changed = true;
  }
  const recordText = recs.size > 0 ? serialize(recs) : undefined;
  if (!changed && binding.metadata.annotations?.[RACK_AWARE_RECS_ANNOTATION] === recordText) return undefined;
  const { [RACK_AWARE_RECS_ANNOTATION]: _old, ...others } = binding.metadata.annotations ?? {};
  const annotations = recordText ? { ...others, [RACK_AWARE_RECS_ANNOTATION]: recordText } : others;
  const { annotations: _dropped, ...metadata } = binding.metadata;
  return {
    ...binding,
    metadata: { ...metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    subjects,
  };
}

/**
 * `binding` with REC `recKey` needing `serviceAccount` (undefined: needing nothing any more).
 * Undefined when it already says so.
 */
export function withRec(
  binding: NodeReaderBinding,
  recKey: string,
  serviceAccount: string | undefined,
): NodeReaderBinding | undefined {
  const recs = recordedRecs(binding);
  if (serviceAccount === undefined) recs.delete(recKey);
  else recs.set(recKey, serviceAccount);
  return withRecs(binding, recs);
}

/** Whether `binding` lists `serviceAccount` of the REC's namespace as a subject. */
export function listsSubject(binding: NodeReaderBinding | undefined, recKey: string, serviceAccount: string): boolean {
  const namespace = namespaceOf(recKey);
  return (binding?.subjects ?? []).some(
    (s) => isServiceAccount(s) && s.name === serviceAccount && (s.namespace ?? '') === namespace,
  );
}

/**
 * What a REC object asks of the binding, read from the object as it is (no validation: this only
 * decides which RECs to wake): its ServiceAccount while it is rack-aware and not being deleted.
 */
export function nodeReaderNeed(rec: KubeObject & { spec?: unknown }): string | undefined {
  const spec = (rec.spec ?? {}) as { rackAwarenessNodeLabel?: unknown; serviceAccountName?: unknown };
  if (rec.metadata.deletionTimestamp || !spec.rackAwarenessNodeLabel) return undefined;
  return clusterServiceAccountName(
    rec.metadata.name,
    typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : undefined,
  );
}
