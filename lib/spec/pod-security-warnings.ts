/**
 * Warnings for the fields of a valid spec that make the node pods fail the Pod Security Standard
 * `restricted` (see lib/pod-security.ts): the spec is accepted and rendered as written, but in a
 * namespace that enforces `restricted` (or, for SYS_RESOURCE and hostPath, even `baseline`) the
 * API server refuses the pods. `validate` prints them; the runner puts them in status.
 */
import type { ParsedClusterSpec } from './schema.js';
import type { SpecProblem } from './issues.js';
import { containerViolations, volumeViolation } from '../pod-security.js';

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
  return warnings;
}
