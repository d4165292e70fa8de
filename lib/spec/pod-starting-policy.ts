/**
 * `podStartingPolicy`: node pods stuck in `ContainerCreating` longer than the threshold are
 * deleted (the StatefulSet controller makes them again). Off by default, as officially.
 */
import { z } from 'zod';
import { MAX_INT32 } from './bounds.js';

export const DEFAULT_STARTING_THRESHOLD_SECONDS = 540;

export const podStartingPolicy = z.object({
  enabled: z
    .boolean()
    .default(false)
    .describe('Delete node pods stuck in ContainerCreating longer than startingThresholdSeconds. Default: false.'),
  startingThresholdSeconds: z
    .int()
    .min(0)
    .max(MAX_INT32)
    .default(DEFAULT_STARTING_THRESHOLD_SECONDS)
    .describe(
      `Seconds a pod may spend in ContainerCreating; 0 turns the policy off. Default: ${DEFAULT_STARTING_THRESHOLD_SECONDS}.`,
    ),
});
