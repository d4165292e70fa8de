/**
 * What the optional fields of the current official operator add to the pods of a cluster: the
 * timezone (containerTimezone), the flash volume (redisOnFlashSpec) and the rolling update on a
 * change of userDefinedModules. The StatefulSet and the services rigger compose these; the names
 * and paths are in lib/names.ts, the choices the official operator does not publish are said there.
 */
import type { ClusterContext } from './cluster-context.js';
import { shortHash } from './short-hash.js';
import {
  FLASH_MOUNT_PATH,
  FLASH_VOLUME,
  HOST_TIMEZONE_PATH,
  HOST_TIMEZONE_VOLUME,
  TIMEZONE_ENV,
  USER_DEFINED_MODULES_ANNOTATION,
  clusterLabels,
} from './names.js';

/** The timezone of one container: an environment variable, or the host's zone file mounted read-only. */
export interface ContainerTimezone {
  readonly env: { name: string; value: string }[];
  readonly volumeMounts: { name: string; mountPath: string; readOnly: true }[];
}

/** For the Redis Enterprise, bootstrapper and services rigger containers ("set the timezone on services rigger/bootstrapper/RS containers"). */
export function containerTimezone(cluster: ClusterContext): ContainerTimezone {
  const timezone = cluster.spec.containerTimezone;
  return {
    env: timezone?.timezoneName ? [{ name: TIMEZONE_ENV, value: timezone.timezoneName }] : [],
    volumeMounts: timezone?.propagateHost
      ? [{ name: HOST_TIMEZONE_VOLUME, mountPath: HOST_TIMEZONE_PATH, readOnly: true }]
      : [],
  };
}

/** The pod volume behind `containerTimezone.propagateHost`: the host's zone file (a hostPath, so a Pod Security warning). */
export function timezoneVolumes(cluster: ClusterContext): { name: string; hostPath: { path: string; type: 'File' } }[] {
  return cluster.spec.containerTimezone?.propagateHost
    ? [{ name: HOST_TIMEZONE_VOLUME, hostPath: { path: HOST_TIMEZONE_PATH, type: 'File' } }]
    : [];
}

/** `redisOnFlashSpec` enabled: the flash claim template of each node and its mount in the Redis Enterprise container. */
export function flashStorage(cluster: ClusterContext) {
  const flash = cluster.spec.redisOnFlashSpec;
  if (!flash?.enabled || flash.flashDiskSize === undefined) return undefined;
  return {
    // Labels as the storage claim template's: claim templates are immutable (see statefulset.ts).
    claimTemplate: {
      metadata: { name: FLASH_VOLUME, labels: clusterLabels(cluster.name) },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(flash.storageClassName ? { storageClassName: flash.storageClassName } : {}),
        resources: { requests: { storage: String(flash.flashDiskSize) } },
      },
    },
    volumeMount: { name: FLASH_VOLUME, mountPath: FLASH_MOUNT_PATH },
  };
}

/**
 * The node pods' annotation that rolls them when `userDefinedModules` changes: a hash of the list
 * (the list itself could hold credentials' Secret names and URLs nobody needs on every pod).
 */
export function userDefinedModulesAnnotation(cluster: ClusterContext): Record<string, string> {
  const modules = cluster.spec.userDefinedModules;
  if (!modules || modules.length === 0) return {};
  return { [USER_DEFINED_MODULES_ANNOTATION]: shortHash(JSON.stringify(modules)) };
}
