/**
 * For clusters the reconcile runner manages: emit the RedisEnterpriseCluster custom resource
 * itself (typed, from `cdk8s import` of our CRD) instead of the objects it produces.
 */
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { RedisEnterpriseCluster as RedisEnterpriseClusterResource } from '../imports/app.redislabs.com.js';

export class RunnerManagedChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'redis-staging', ...props });
    new RedisEnterpriseClusterResource(this, 'rec', {
      metadata: { name: 'staging' },
      spec: { nodes: 3, persistentSpec: { enabled: true, volumeSize: '20Gi' } },
    });
  }
}
