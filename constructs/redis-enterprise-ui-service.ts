import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { MASTER_LABEL, PORTS, nodeSelectorLabels } from '../lib/api/names.js';
import { serviceObject } from './service-object.js';

export interface RedisEnterpriseUiServiceProps {
  readonly cluster: ClusterContext;
}

/** `<rec>-ui`: the Cluster Manager UI on 8443, type `uiServiceType`, annotations `uiAnnotations`. */
export class RedisEnterpriseUiService extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseUiServiceProps) {
    super(scope, id);
    const { cluster } = props;
    this.apiObject = serviceObject(this, 'Resource', cluster, {
      name: cluster.names.uiService,
      type: cluster.spec.uiServiceType,
      selector: { ...nodeSelectorLabels(cluster.name), [MASTER_LABEL]: '1' },
      ports: [{ name: 'ui', port: PORTS.ui }],
      ...(cluster.spec.uiAnnotations ? { annotations: cluster.spec.uiAnnotations } : {}),
    });
  }
}
