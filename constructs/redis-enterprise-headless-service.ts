import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { PORTS, nodeSelectorLabels } from '../lib/api/names.js';
import { serviceObject } from './service-object.js';

export interface RedisEnterpriseHeadlessServiceProps {
  readonly cluster: ClusterContext;
}

/**
 * `<rec>-headless`: the StatefulSet's governing Service, for stable pod DNS
 * (`<rec>-0.<rec>-headless.<ns>.svc`). It publishes pods before they are Ready so a joining
 * node can reach its peers while it bootstraps.
 */
export class RedisEnterpriseHeadlessService extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseHeadlessServiceProps) {
    super(scope, id);
    const { cluster } = props;
    this.apiObject = serviceObject(this, 'Resource', cluster, {
      name: cluster.names.headlessService,
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: nodeSelectorLabels(cluster.name),
      ports: [
        { name: 'api', port: PORTS.restApi },
        { name: 'sentinel', port: PORTS.discovery },
        { name: 'ui', port: PORTS.ui },
        { name: 'prometheus', port: PORTS.metrics },
      ],
    });
  }
}
