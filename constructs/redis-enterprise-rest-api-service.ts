import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { MASTER_LABEL, PORTS, nodeSelectorLabels } from '../lib/api/names.js';
import { serviceObject } from './service-object.js';

export interface RedisEnterpriseRestApiServiceProps {
  readonly cluster: ClusterContext;
}

/**
 * `<rec>`: the REST API (9443) and the Sentinel-compatible discovery service (8001), routed to the
 * master node only: the services rigger labels the master pod `redis.io/role-master: "1"`.
 * Type from `services.apiService.type`.
 */
export class RedisEnterpriseRestApiService extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRestApiServiceProps) {
    super(scope, id);
    const { cluster } = props;
    this.apiObject = serviceObject(this, 'Resource', cluster, {
      name: cluster.names.apiService,
      type: cluster.spec.services?.apiService?.type ?? 'ClusterIP',
      selector: { ...nodeSelectorLabels(cluster.name), [MASTER_LABEL]: '1' },
      ports: [
        { name: 'api', port: PORTS.restApi },
        { name: 'sentinel', port: PORTS.discovery },
      ],
    });
  }
}
