import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { PORTS, nodeSelectorLabels } from '../lib/api/names.js';
import { serviceObject } from './service-object.js';

export interface RedisEnterpriseMetricsServiceProps {
  readonly cluster: ClusterContext;
}

/** `<rec>-prom`: headless, port 8070 `prometheus`, so a scraper reaches every node, not one. */
export class RedisEnterpriseMetricsService extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseMetricsServiceProps) {
    super(scope, id);
    const { cluster } = props;
    this.apiObject = serviceObject(this, 'Resource', cluster, {
      name: cluster.names.metricsService,
      clusterIP: 'None',
      selector: nodeSelectorLabels(cluster.name),
      ports: [{ name: 'prometheus', port: PORTS.metrics }],
    });
  }
}
