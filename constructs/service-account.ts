import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterpriseServiceAccountProps {
  /** The cluster this ServiceAccount serves. */
  readonly cluster: ClusterContext;
}

/** The identity of the node pods and the services rigger (`spec.serviceAccountName`, default the REC name). */
export class RedisEnterpriseServiceAccount extends Construct {
  public readonly serviceAccount: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseServiceAccountProps) {
    super(scope, id);
    const { cluster } = props;
    this.serviceAccount = kubeObject(this, 'Resource', 'ServiceAccount', {
      metadata: { name: cluster.serviceAccountName, namespace: cluster.namespace, labels: cluster.labels },
      // The bootstrapper and the rigger call the API with this account's token: it must be mounted.
      automountServiceAccountToken: true,
    });
  }
}
