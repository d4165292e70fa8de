/**
 * The status we write (state, specStatus, observedGeneration, conditions) plus room for the
 * official operator's fields (licenseStatus, ...), kept rather than pruned so a cluster handed
 * over from the official operator loses nothing.
 */
import type { JsonSchemaProps } from './openapi.js';

export const CLUSTER_STATES = [
  'PendingCreation',
  'BootstrappingFirstPod',
  'Initializing',
  'Running',
  'RunningRollingUpdate',
  'Error',
  'Invalid',
  'InvalidUpgrade',
  'Upgrade',
  'Deleting',
  'RecoveryReset',
  'RecoveringFirstPod',
  'ClusterRecreating',
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export function statusSchema(): JsonSchemaProps {
  return {
    type: 'object',
    description: 'What the controller last observed.',
    'x-kubernetes-preserve-unknown-fields': true,
    properties: {
      state: { type: 'string', description: `Cluster state: one of ${CLUSTER_STATES.join(', ')}.` },
      specStatus: { type: 'string', enum: ['Valid', 'Invalid'], description: 'Whether the spec passed validation.' },
      observedGeneration: { type: 'integer', format: 'int64', description: 'The generation the status describes.' },
      clusterCredentialSecretName: {
        type: 'string',
        description: 'The Secret (or Vault path) with the admin credentials the cluster uses.',
      },
      conditions: {
        type: 'array',
        description: 'Standard conditions: Ready, SpecValid, Reconciled, ...',
        items: {
          type: 'object',
          required: ['type', 'status'],
          properties: {
            type: { type: 'string' },
            status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
            reason: { type: 'string' },
            message: { type: 'string' },
            lastTransitionTime: { type: 'string', format: 'date-time' },
            observedGeneration: { type: 'integer', format: 'int64' },
          },
        },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
      } as JsonSchemaProps,
    },
  };
}
