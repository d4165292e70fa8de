/**
 * The status we write (state, specStatus, observedGeneration, conditions, and the official
 * clusterCredentialSecretName, persistenceStatus, ingressOrRouteMethodStatus and
 * redisEnterpriseIPFamily) plus room for the official operator's other fields (licenseStatus,
 * ...), kept rather than pruned so a cluster handed over from the official operator loses nothing.
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
      // The official operator's shapes (its API doc, RedisEnterpriseClusterStatus): plain strings.
      persistenceStatus: {
        type: 'object',
        description:
          'The node claims: status Provisioned, Provisioning, Resizing or ResizeFailed (the worst of them); succeeded: claims bound with the expected size, of all (3/3).',
        properties: {
          status: { type: 'string', description: 'Provisioned, Provisioning, Resizing or ResizeFailed.' },
          succeeded: { type: 'string', description: 'Claims provisioned with the expected size, of all: 3/3.' },
        },
      },
      ingressOrRouteMethodStatus: {
        type: 'string',
        description: 'The method of the external-access objects rendered: ingress, istio or openShiftRoute.',
      },
      redisEnterpriseIPFamily: {
        type: 'string',
        description: "The IP family of the cluster's Services, when the spec chose one (IPv4, IPv6).",
      },
      conditions: {
        type: 'array',
        description:
          "Standard conditions: Ready (its message says why the cluster is not ready, in Kubernetes' words), SpecValid, Reconciled, ...",
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
