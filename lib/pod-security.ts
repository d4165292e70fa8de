/**
 * The Pod Security Standard `restricted`, which every pod we render meets by default: a namespace
 * labelled `pod-security.kubernetes.io/enforce: restricted` admits them. What we set, and a check
 * of what a user adds to a pod (side containers, volumes), which the API server would refuse there.
 * The check covers the fields of the standard that a REC can reach; the API server remains the judge.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

import { RUN_AS_ID } from './names.js';

/** Pod level: no root, the container runtime's default seccomp filter. */
export const RESTRICTED_POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;

/** The services rigger's own security context. */
export const RIGGER_POD_SECURITY = { runAsUser: RUN_AS_ID, runAsGroup: RUN_AS_ID, ...RESTRICTED_POD_SECURITY } as const;

/** The node pods' own security context: the Redis Enterprise user and group, restricted. */
export const NODE_POD_SECURITY = {
  runAsUser: RUN_AS_ID,
  runAsGroup: RUN_AS_ID,
  fsGroup: RUN_AS_ID,
  ...RESTRICTED_POD_SECURITY,
} as const;

/** Container level: no privilege escalation, no capability at all. */
export function restrictedContainerSecurity(add: readonly string[] = []) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], ...(add.length > 0 ? { add: [...add] } : {}) },
  };
}

/** The one capability `restricted` lets a container add back. */
const RESTRICTED_ADDABLE = new Set(['NET_BIND_SERVICE']);

/** Volume types `restricted` allows; anything else (hostPath, nfs, ...) is refused. */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/**
 * Why a container, as written, does not meet `restricted` inside one of our pods (whose pod-level
 * settings already say runAsNonRoot and RuntimeDefault). Empty: it does.
 */
export function containerViolations(container: unknown): string[] {
  const c = record(container);
  const sc = record(c.securityContext);
  const caps = record(sc.capabilities);
  const drop = Array.isArray(caps.drop) ? caps.drop : [];
  const add = Array.isArray(caps.add) ? (caps.add as unknown[]).map(String) : [];
  const out: string[] = [];
  if (sc.privileged === true) out.push('privileged');
  if (sc.allowPrivilegeEscalation !== false) out.push('allowPrivilegeEscalation is not false');
  if (!drop.includes('ALL')) out.push("capabilities.drop does not include 'ALL'");
  const extra = add.filter((cap) => !RESTRICTED_ADDABLE.has(cap));
  if (extra.length > 0) out.push(`capabilities.add ${extra.join(', ')}`);
  if (sc.runAsNonRoot === false) out.push('runAsNonRoot: false');
  if (sc.runAsUser === 0) out.push('runAsUser: 0');
  if (record(sc.seccompProfile).type === 'Unconfined') out.push('seccompProfile Unconfined');
  const hostPorts = (Array.isArray(c.ports) ? c.ports : []).some(
    (p) => record(p).hostPort !== undefined && record(p).hostPort !== 0,
  );
  if (hostPorts) out.push('hostPort');
  return out;
}

/** The type of a volume that `restricted` refuses, or undefined. */
export function volumeViolation(volume: unknown): string | undefined {
  const type = Object.keys(record(volume)).find((key) => key !== 'name');
  return type && !RESTRICTED_VOLUME_TYPES.has(type) ? type : undefined;
}

/** A pod spec as a whole (what the unit tests check every rendered pod with). */
export function podViolations(podSpec: unknown): string[] {
  const spec = record(podSpec);
  const sc = record(spec.securityContext);
  const out: string[] = [];
  if (sc.runAsNonRoot !== true) out.push('pod runAsNonRoot is not true');
  if (record(sc.seccompProfile).type !== 'RuntimeDefault' && record(sc.seccompProfile).type !== 'Localhost')
    out.push('pod seccompProfile is not RuntimeDefault');
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[key] === true) out.push(key);
  const containers = [
    ...(Array.isArray(spec.initContainers) ? (spec.initContainers as unknown[]) : []),
    ...(Array.isArray(spec.containers) ? (spec.containers as unknown[]) : []),
  ];
  for (const c of containers)
    for (const v of containerViolations(c)) out.push(`container ${String(record(c).name)}: ${v}`);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    const type = volumeViolation(v);
    if (type) out.push(`volume ${String(record(v).name)}: ${type}`);
  }
  return out;
}
