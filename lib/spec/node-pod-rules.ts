/**
 * Rules across fields that meet in the node pods: the volumes, mounts and containers of the
 * timezone and flash options, and of `redisEnterpriseAdditionalPodSpecAttributes`, next to the
 * spec's own and the cluster's. Each is a collision the API server (or server-side apply) would
 * refuse in the StatefulSet, or one the StatefulSet controller would resolve silently against the
 * user (a pod volume named like a claim template is replaced by the claim).
 */
import type { z } from 'zod';
import type { Rule } from './rule.js';
import type { clusterSpecShape } from './schema.js';
import {
  CONTAINER_BOOTSTRAPPER,
  CONTAINER_NODE,
  CONTAINER_SERVICES_RIGGER,
  FLASH_MOUNT_PATH,
  FLASH_VOLUME,
  HOST_TIMEZONE_PATH,
  HOST_TIMEZONE_VOLUME,
  STORAGE_VOLUME,
} from '../names.js';

type Spec = z.output<typeof clusterSpecShape>;

const list = <T>(value: readonly T[] | undefined): readonly T[] => value ?? [];

const flashOn = (s: Spec) => s.redisOnFlashSpec?.enabled === true;
const hostTimezone = (s: Spec) => s.containerTimezone?.propagateHost !== undefined;
const CEL_FLASH_ON = '(has(self.redisOnFlashSpec) && self.redisOnFlashSpec.enabled)';
const CEL_HOST_TIMEZONE = '(has(self.containerTimezone) && has(self.containerTimezone.propagateHost))';

/** Volume names the cluster itself uses in the node pods, for this spec. */
function clusterVolumeNames(s: Spec): string[] {
  return [STORAGE_VOLUME, ...(flashOn(s) ? [FLASH_VOLUME] : []), ...(hostTimezone(s) ? [HOST_TIMEZONE_VOLUME] : [])];
}
/** CEL: `name` is one of them. */
const celClusterVolume = (name: string) =>
  `(${name} == '${STORAGE_VOLUME}' || (${name} == '${FLASH_VOLUME}' && ${CEL_FLASH_ON}) || (${name} == '${HOST_TIMEZONE_VOLUME}' && ${CEL_HOST_TIMEZONE}))`;

const ADDITIONAL = 'self.redisEnterpriseAdditionalPodSpecAttributes';
const additionalList = (field: string) => `(has(${ADDITIONAL}) && has(${ADDITIONAL}.${field}))`;
const RIGGER = 'self.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes';
const riggerList = (field: string) =>
  `(has(self.servicesRiggerSpec) && has(self.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes) && has(${RIGGER}.${field}))`;
const riggerExtra = (s: Spec) => s.servicesRiggerSpec?.servicesRiggerAdditionalPodSpecAttributes;

/** The services rigger's pod: its own container, its timezone volume, the spec's pull secrets. */
const RIGGER_POD_RULES: readonly Rule<Spec>[] = [
  {
    path: ['servicesRiggerSpec', 'servicesRiggerAdditionalPodSpecAttributes', 'volumes'],
    holds: (s) => !(hostTimezone(s) && list(riggerExtra(s)?.volumes).some((v) => v.name === HOST_TIMEZONE_VOLUME)),
    message: () =>
      `must not name a volume ${HOST_TIMEZONE_VOLUME} with containerTimezone.propagateHost: the rigger's own volume has that name`,
    cel: `!${riggerList('volumes')} || !${CEL_HOST_TIMEZONE} || ${RIGGER}.volumes.all(v, v.name != '${HOST_TIMEZONE_VOLUME}')`,
  },
  {
    path: ['servicesRiggerSpec', 'servicesRiggerAdditionalPodSpecAttributes', 'initContainers'],
    holds: (s) => !list(riggerExtra(s)?.initContainers).some((c) => c.name === CONTAINER_SERVICES_RIGGER),
    message: () => `names must differ from the rigger's container, ${CONTAINER_SERVICES_RIGGER}`,
    cel: `!${riggerList('initContainers')} || ${RIGGER}.initContainers.all(c, c.name != '${CONTAINER_SERVICES_RIGGER}')`,
  },
  {
    path: ['servicesRiggerSpec', 'servicesRiggerAdditionalPodSpecAttributes', 'imagePullSecrets'],
    holds: (s) =>
      !list(riggerExtra(s)?.imagePullSecrets).some((r) => list(s.pullSecrets).some((p) => p.name === r.name)),
    message: () => 'must not repeat a name of spec.pullSecrets',
    cel: `!${riggerList('imagePullSecrets')} || !has(self.pullSecrets) || ${RIGGER}.imagePullSecrets.all(r, !self.pullSecrets.exists(p, p.name == r.name))`,
  },
];

export const NODE_POD_RULES: readonly Rule<Spec>[] = [
  {
    path: ['volumes'],
    holds: (s) => !list(s.volumes).some((v) => v.name !== STORAGE_VOLUME && clusterVolumeNames(s).includes(v.name)),
    message: () =>
      `must not name a volume ${FLASH_VOLUME} with redisOnFlashSpec enabled, nor ${HOST_TIMEZONE_VOLUME} with containerTimezone.propagateHost: the cluster's own volumes have these names`,
    got: (s) => list(s.volumes).find((v) => v.name !== STORAGE_VOLUME && clusterVolumeNames(s).includes(v.name))?.name,
    cel: `!has(self.volumes) || self.volumes.all(v, !((v.name == '${FLASH_VOLUME}' && ${CEL_FLASH_ON}) || (v.name == '${HOST_TIMEZONE_VOLUME}' && ${CEL_HOST_TIMEZONE})))`,
  },
  {
    path: ['redisEnterpriseVolumeMounts'],
    holds: (s) =>
      !list(s.redisEnterpriseVolumeMounts).some(
        (m) =>
          (flashOn(s) && m.mountPath === FLASH_MOUNT_PATH) || (hostTimezone(s) && m.mountPath === HOST_TIMEZONE_PATH),
      ),
    message: () =>
      `must not mount at ${FLASH_MOUNT_PATH} with redisOnFlashSpec enabled, nor at ${HOST_TIMEZONE_PATH} with containerTimezone.propagateHost: the cluster mounts its own volumes there`,
    cel: `!has(self.redisEnterpriseVolumeMounts) || self.redisEnterpriseVolumeMounts.all(m, !((m.mountPath == '${FLASH_MOUNT_PATH}' && ${CEL_FLASH_ON}) || (m.mountPath == '${HOST_TIMEZONE_PATH}' && ${CEL_HOST_TIMEZONE})))`,
  },
  {
    path: ['redisEnterpriseAdditionalPodSpecAttributes', 'volumes'],
    holds: (s) => {
      const taken = new Set([...clusterVolumeNames(s), ...list(s.volumes).map((v) => v.name)]);
      return !list(s.redisEnterpriseAdditionalPodSpecAttributes?.volumes).some((v) => taken.has(v.name));
    },
    message: () => "must not reuse a volume name of spec.volumes or of the cluster's own volumes",
    got: (s) => {
      const taken = new Set([...clusterVolumeNames(s), ...list(s.volumes).map((v) => v.name)]);
      return list(s.redisEnterpriseAdditionalPodSpecAttributes?.volumes).find((v) => taken.has(v.name))?.name;
    },
    cel: `!${additionalList('volumes')} || ${ADDITIONAL}.volumes.all(v, !${celClusterVolume('v.name')} && !(has(self.volumes) && self.volumes.exists(w, w.name == v.name)))`,
  },
  {
    path: ['redisEnterpriseAdditionalPodSpecAttributes', 'initContainers'],
    holds: (s) => {
      const taken = new Set([CONTAINER_NODE, CONTAINER_BOOTSTRAPPER, ...list(s.sideContainersSpec).map((c) => c.name)]);
      return !list(s.redisEnterpriseAdditionalPodSpecAttributes?.initContainers).some((c) => taken.has(c.name));
    },
    message: () =>
      `names must differ from the node pods' containers (${CONTAINER_NODE}, ${CONTAINER_BOOTSTRAPPER} and sideContainersSpec)`,
    got: (s) => {
      const taken = new Set([CONTAINER_NODE, CONTAINER_BOOTSTRAPPER, ...list(s.sideContainersSpec).map((c) => c.name)]);
      return list(s.redisEnterpriseAdditionalPodSpecAttributes?.initContainers).find((c) => taken.has(c.name))?.name;
    },
    cel: `!${additionalList('initContainers')} || ${ADDITIONAL}.initContainers.all(c, !(c.name in ['${CONTAINER_NODE}', '${CONTAINER_BOOTSTRAPPER}']) && !(has(self.sideContainersSpec) && self.sideContainersSpec.exists(d, d.name == c.name)))`,
  },
  {
    path: ['redisEnterpriseAdditionalPodSpecAttributes', 'imagePullSecrets'],
    holds: (s) =>
      !list(s.redisEnterpriseAdditionalPodSpecAttributes?.imagePullSecrets).some((r) =>
        list(s.pullSecrets).some((p) => p.name === r.name),
      ),
    message: () => 'must not repeat a name of spec.pullSecrets',
    cel: `!${additionalList('imagePullSecrets')} || !has(self.pullSecrets) || ${ADDITIONAL}.imagePullSecrets.all(r, !self.pullSecrets.exists(p, p.name == r.name))`,
  },
  {
    path: ['redisEnterpriseAdditionalPodSpecAttributes', 'hostAliases'],
    holds: (s) =>
      !list(s.redisEnterpriseAdditionalPodSpecAttributes?.hostAliases).some((a) =>
        list(s.hostAliases).some((h) => h.ip === a.ip),
      ),
    message: () => 'must not repeat an IP of spec.hostAliases: give its host names there',
    cel: `!${additionalList('hostAliases')} || !has(self.hostAliases) || ${ADDITIONAL}.hostAliases.all(a, !self.hostAliases.exists(h, h.ip == a.ip))`,
  },
  {
    path: ['redisEnterpriseAdditionalPodSpecAttributes', 'topologySpreadConstraints'],
    holds: (s) =>
      !list(s.redisEnterpriseAdditionalPodSpecAttributes?.topologySpreadConstraints).some(
        (c) => c.topologyKey === s.rackAwarenessNodeLabel && c.whenUnsatisfiable === 'ScheduleAnyway',
      ),
    message: () =>
      'must not spread over rackAwarenessNodeLabel with ScheduleAnyway: rack awareness spreads the nodes over it already',
    cel: `!${additionalList('topologySpreadConstraints')} || !has(self.rackAwarenessNodeLabel) || ${ADDITIONAL}.topologySpreadConstraints.all(c, !(c.topologyKey == self.rackAwarenessNodeLabel && c.whenUnsatisfiable == 'ScheduleAnyway'))`,
  },
  ...RIGGER_POD_RULES,
];
