/**
 * Warnings for the fields of a valid spec that make the node pods fail the Pod Security Standard
 * `restricted` (see lib/pod-security.ts): the spec is accepted and rendered as written, but in a
 * namespace that enforces `restricted` (or, for SYS_RESOURCE and hostPath, even `baseline`) the
 * API server refuses the pods. `validate` prints them; the runner puts them in status.
 */
import type { ParsedClusterSpec } from './schema.js';
import type { SpecProblem } from './issues.js';
import { containerViolations, volumeViolation } from '../pod-security.js';
import { HOST_TIMEZONE_PATH } from '../names.js';

/** Every message starts with this, so the runner can tell these warnings from the others. */
export const POD_SECURITY_WARNING = 'fails Pod Security restricted';

export function podSecurityWarnings(spec: ParsedClusterSpec): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  if (spec.securityContext?.resourceLimits?.allowAutoAdjustment) {
    warnings.push({
      path: 'spec.securityContext.resourceLimits.allowAutoAdjustment',
      message: `${POD_SECURITY_WARNING} (and baseline): it adds the capability SYS_RESOURCE to the node containers`,
    });
  }
  (spec.sideContainersSpec ?? []).forEach((container, index) => {
    const violations = containerViolations(container);
    if (violations.length > 0) {
      warnings.push({
        path: `spec.sideContainersSpec[${index}]`,
        message: `${POD_SECURITY_WARNING}: ${violations.join('; ')} (set securityContext allowPrivilegeEscalation: false, capabilities.drop: [ALL])`,
      });
    }
  });
  (spec.volumes ?? []).forEach((volume, index) => {
    const type = volumeViolation(volume);
    if (type)
      warnings.push({
        path: `spec.volumes[${index}]`,
        message: `${POD_SECURITY_WARNING}: volume type ${type} is not allowed`,
      });
  });
  warnings.push(...nodePodOptionWarnings(spec));
  return warnings;
}

/** containerTimezone and the additional pod attributes, which reach the node pods and the services rigger's. */
function nodePodOptionWarnings(spec: ParsedClusterSpec): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  if (spec.containerTimezone?.propagateHost !== undefined) {
    warnings.push({
      path: 'spec.containerTimezone.propagateHost',
      message: `${POD_SECURITY_WARNING} (and baseline): it mounts the host's ${HOST_TIMEZONE_PATH} into the node and services rigger pods, a hostPath volume (set timezoneName instead)`,
    });
  }
  const extras = [
    ['spec.redisEnterpriseAdditionalPodSpecAttributes', spec.redisEnterpriseAdditionalPodSpecAttributes],
    [
      'spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes',
      spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes,
    ],
  ] as const;
  for (const [field, extra] of extras) {
    if (!extra) continue;
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (extra[key] === true)
        warnings.push({
          path: `${field}.${key}`,
          message: `${POD_SECURITY_WARNING} (and baseline): ${key} shares the host's namespace`,
        });
    }
    (extra.volumes ?? []).forEach((volume, index) => {
      const type = volumeViolation(volume);
      if (type)
        warnings.push({
          path: `${field}.volumes[${index}]`,
          message: `${POD_SECURITY_WARNING}: volume type ${type} is not allowed`,
        });
    });
    (extra.initContainers ?? []).forEach((container, index) => {
      const violations = containerViolations(container);
      if (violations.length > 0) {
        warnings.push({
          path: `${field}.initContainers[${index}]`,
          message: `${POD_SECURITY_WARNING}: ${violations.join('; ')} (set securityContext allowPrivilegeEscalation: false, capabilities.drop: [ALL])`,
        });
      }
    });
  }
  return warnings;
}
