/**
 * "Does the live object already say what we want?" Desired is a subset of actual when every
 * field we set has the same value there; fields the API server defaulted or other managers set
 * do not count. This is what lets an idle resync write nothing: we only apply on a real
 * difference. Quantities compare by value, since the server canonicalizes them ("0.5" -> "500m").
 */
import { isQuantity, quantityValue } from '../api/quantity.js';

/** Go's omitempty: the API server drops '', false and 0, so absent means the same as those. */
const ZERO_VALUES = new Set<unknown>(['', false, 0]);

function sameScalar(desired: unknown, actual: unknown): boolean {
  if (desired === actual) return true;
  if (actual === undefined && ZERO_VALUES.has(desired)) return true;
  // Ports and the like: int-or-string fields come back as written, but be lenient on "80" vs 80.
  if (
    (typeof desired === 'number' || typeof desired === 'string') &&
    (typeof actual === 'number' || typeof actual === 'string')
  ) {
    if (String(desired) === String(actual)) return true;
    if (isQuantity(desired) && isQuantity(actual)) return quantityValue(desired) === quantityValue(actual);
  }
  return false;
}

/** The first path where `desired` is not contained in `actual`, or undefined when it is. */
export function firstDifference(desired: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(desired)) {
    // omitempty again: an empty list we send (a ClusterRole rule's resourceNames: []) comes back absent.
    if (desired.length === 0 && actual === undefined) return undefined;
    if (!Array.isArray(actual) || actual.length !== desired.length) return path || '/';
    for (let i = 0; i < desired.length; i++) {
      const diff = firstDifference(desired[i], actual[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return undefined;
  }
  if (desired !== null && typeof desired === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return path || '/';
    for (const [key, value] of Object.entries(desired as Record<string, unknown>)) {
      // An empty object we send (emptyDir: {}, status: {}) may be absent or filled in on the server.
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
        continue;
      const diff = firstDifference(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
      if (diff) return diff;
    }
    return undefined;
  }
  return sameScalar(desired, actual) ? undefined : path || '/';
}
