/**
 * Defaults that depend on other fields or on the cluster's name, computed in one place so the
 * constructs, the edit rules and the runner agree on them.
 */
import type { ParsedClusterSpec } from './schema.js';
import { DEFAULT_RESOURCES } from './schema.js';
import { multiplyQuantity, type QuantityInput } from './quantity.js';

/** The memory a node asks for: its request, else its limit (as Kubernetes defaults requests), else the default. */
export function nodeMemoryRequest(spec: ParsedClusterSpec): QuantityInput {
  const resources = spec.redisEnterpriseNodeResources;
  return resources.requests?.memory ?? resources.limits?.memory ?? DEFAULT_RESOURCES.redisEnterpriseNode.memory;
}

/** `persistentSpec.volumeSize`, or 5 x the node memory request as the official operator does. */
export function effectiveVolumeSize(spec: ParsedClusterSpec): QuantityInput {
  return spec.persistentSpec.volumeSize ?? multiplyQuantity(nodeMemoryRequest(spec), 5);
}
