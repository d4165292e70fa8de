import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { NODE_CLUSTER_ROLE } from '../lib/node-rbac.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterpriseNodeRoleBindingProps {
  readonly cluster: ClusterContext;
}

/**
 * Only when the runner reconciles the cluster: grants the node rules of the `redis-enterprise-node`
 * ClusterRole (shipped by the runner's install) to the cluster's ServiceAccount, in its namespace
 * only. The runner may create this binding because it holds `bind` on that one ClusterRole; it
 * does not hold the rules themselves.
 */
export class RedisEnterpriseNodeRoleBinding extends Construct {
  public readonly roleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseNodeRoleBindingProps) {
    super(scope, id);
    const { cluster } = props;
    this.roleBinding = kubeObject(this, 'Resource', 'RoleBinding', {
      metadata: {
        name: cluster.names.nodeRoleBinding,
        ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
        labels: cluster.labels,
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODE_CLUSTER_ROLE },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: cluster.serviceAccountName,
          ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
        },
      ],
    });
  }
}
