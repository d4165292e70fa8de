/**
 * The edit basis: the few values of a spec that the edit rules compare against, in a spec-shaped
 * object that parses as a spec of its own. The runner keeps it on the StatefulSet it applies, so the
 * next edit can be checked against what was last applied without the runner ever writing to the
 * user's REC (a write there would bump its resourceVersion under a user's `kubectl replace`) and
 * without an extra request: every value here also shapes the StatefulSet, so a change to any of
 * them is an apply of the StatefulSet anyway.
 *
 * Defaults are resolved (the volume size especially, which follows the memory request when unset),
 * so the basis says what was applied, whatever later defaults become. A unit test checks that every
 * edit rule gives the same verdict against the basis as against the whole previous spec.
 */
import type { ParsedClusterSpec } from './schema.js';
import { effectiveVolumeSize } from './effective.js';

export interface EditBasis {
  nodes: number;
  persistentSpec: { enabled: boolean; volumeSize: string | number; storageClassName?: string };
  /**
   * Only when set: a cluster made without it keeps the basis it had. It shapes the Services, not
   * the StatefulSet, but it can change only by re-creating the cluster, and so the basis with it.
   */
  redisEnterpriseIPFamily?: 'IPv4' | 'IPv6';
  /** Only when enabled (so a basis written before flash existed reads the same). */
  redisOnFlashSpec?: { enabled: true; storageClassName: string; flashDiskSize?: string | number };
}

export function editBasis(spec: ParsedClusterSpec): EditBasis {
  const storageClassName = spec.persistentSpec.storageClassName;
  const flash = spec.redisOnFlashSpec;
  return {
    nodes: spec.nodes,
    persistentSpec: {
      enabled: spec.persistentSpec.enabled,
      volumeSize: effectiveVolumeSize(spec),
      ...(storageClassName !== undefined ? { storageClassName } : {}),
    },
    ...(spec.redisEnterpriseIPFamily ? { redisEnterpriseIPFamily: spec.redisEnterpriseIPFamily } : {}),
    ...(flash?.enabled
      ? {
          redisOnFlashSpec: {
            enabled: true,
            storageClassName: flash.storageClassName,
            ...(flash.flashDiskSize !== undefined ? { flashDiskSize: flash.flashDiskSize } : {}),
          },
        }
      : {}),
  };
}
