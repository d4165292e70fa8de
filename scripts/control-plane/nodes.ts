// Fake nodes for kwok. Enough of them, with enough room, to run a 7-node
// Redis Enterprise cluster under hard pod anti-affinity on
// kubernetes.io/hostname, spread over three zones, plus benchmark load.
import { CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import { isConflict } from './k8s.js';

/** kwok manages only nodes carrying this annotation with the value "fake". */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const ZONES = ['zone-a', 'zone-b', 'zone-c'] as const;
export const DEFAULT_NODE_COUNT = 9;

export const nodeName = (i: number): string => `kwok-node-${i}`;

export function nodeManifest(i: number): V1Node {
  const name = nodeName(i);
  const zone = ZONES[i % ZONES.length]!;
  // Large on purpose: benchmarks schedule hundreds of pods on a handful of nodes.
  const resources = { cpu: '1000', memory: '4Ti', pods: '1000', 'ephemeral-storage': '10Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'kwok',
        'topology.kubernetes.io/region': 'region-1',
        [ZONE_LABEL]: zone,
        type: 'kwok',
      },
    },
    // Kept on create (nodes register with their status); kwok's node stage
    // keeps an allocatable that is already set.
    status: { capacity: resources, allocatable: resources },
  };
}

/** Creates nodes 0..count-1 that do not exist yet. */
export async function ensureNodes(kc: KubeConfig, count: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      try {
        await core.createNode({ body: nodeManifest(i) });
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }),
  );
}

export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
