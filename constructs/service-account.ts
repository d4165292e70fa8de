import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { ClusterContext } from '../lib/cluster-context.js';

export interface RedisEnterpriseServiceAccountProps {
  /** The cluster this ServiceAccount serves. */
  readonly cluster: ClusterContext;
}

/** The identity of the node pods and the services rigger (`spec.serviceAccountName`, default the REC name). */
export class RedisEnterpriseServiceAccount extends Construct {
  public readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: RedisEnterpriseServiceAccountProps) {
    super(scope, id);
    const { cluster } = props;
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', {
      metadata: { name: cluster.serviceAccountName, namespace: cluster.namespace, labels: cluster.labels },
      // The bootstrapper and the rigger call the API with this account's token: it must be mounted.
      automountToken: true,
    });
  }
}
