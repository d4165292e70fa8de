/**
 * A production-like cluster: five nodes spread over zones, Guaranteed resources, a fast storage
 * class that can grow, the UI behind an internal load balancer, and the team's labels.
 */
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { RedisEnterpriseCluster } from '../constructs/redis-enterprise-cluster.js';

export class ProductionRedisChart extends Chart {
  public readonly cluster: RedisEnterpriseCluster;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'redis', ...props });
    this.cluster = new RedisEnterpriseCluster(this, 'rec', {
      name: 'rec',
      spec: {
        nodes: 5,
        persistentSpec: {
          enabled: true,
          storageClassName: 'premium-rwo',
          volumeSize: '100Gi',
          enablePersistentVolumeResize: true,
        },
        redisEnterpriseNodeResources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi' } },
        rackAwarenessNodeLabel: 'topology.kubernetes.io/zone',
        uiServiceType: 'LoadBalancer',
        uiAnnotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
        services: { servicesAnnotations: { 'example.com/owner': 'data-platform' } },
        extraLabels: { team: 'data-platform', 'cost-center': 'cc-1234' },
        podTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'redis', effect: 'NoSchedule' }],
        nodeSelector: { 'node-pool': 'redis' },
        priorityClassName: 'database-critical',
      },
    });
  }
}
