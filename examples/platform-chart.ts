/**
 * How a platform team composes the construct with its own objects: the namespace, a quota, a
 * NetworkPolicy that admits only labelled client namespaces, and the cluster itself, all in one
 * chart with one namespace.
 */
import { Chart, ApiObject, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { RedisEnterpriseCluster } from '../constructs/redis-enterprise-cluster.js';
import { DATABASE_PORT_RANGE, PORTS, nodeSelectorLabels } from '../lib/api/names.js';

export interface TeamRedisChartProps extends ChartProps {
  readonly team: string;
  /** @default 3 */
  readonly nodes?: number;
}

export class TeamRedisChart extends Chart {
  public readonly cluster: RedisEnterpriseCluster;

  constructor(scope: Construct, id: string, props: TeamRedisChartProps) {
    const namespace = `redis-${props.team}`;
    super(scope, id, { ...props, namespace });
    new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { team: props.team } },
    });
    new ApiObject(this, 'quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'redis' },
      spec: { hard: { 'requests.cpu': '32', 'requests.memory': '128Gi', persistentvolumeclaims: '20' } },
    });
    this.cluster = new RedisEnterpriseCluster(this, 'cluster', {
      name: `${props.team}-cache`,
      spec: { nodes: props.nodes ?? 3, extraLabels: { team: props.team } },
    });
    new ApiObject(this, 'clients-only', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'redis-clients-only' },
      spec: {
        podSelector: { matchLabels: nodeSelectorLabels(this.cluster.context.name) },
        policyTypes: ['Ingress'],
        ingress: [
          // Nodes talk to each other on every port.
          { from: [{ podSelector: { matchLabels: nodeSelectorLabels(this.cluster.context.name) } }] },
          // Clients reach databases and the discovery service from namespaces labelled for it.
          {
            from: [{ namespaceSelector: { matchLabels: { [`redis-client.example.com/${props.team}`]: 'true' } } }],
            ports: [
              { protocol: 'TCP', port: DATABASE_PORT_RANGE.from, endPort: DATABASE_PORT_RANGE.to },
              { protocol: 'TCP', port: PORTS.discovery },
            ],
          },
        ],
      },
    });
  }
}
