import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterpriseRoleBindingProps {
  readonly cluster: ClusterContext;
  /** The Role to grant (its name). */
  readonly role: ApiObject;
}

/** Grants the cluster's Role to its ServiceAccount (which may be one the user created). */
export class RedisEnterpriseRoleBinding extends Construct {
  public readonly roleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRoleBindingProps) {
    super(scope, id);
    const { cluster } = props;
    this.roleBinding = kubeObject(this, 'Resource', 'RoleBinding', {
      metadata: { name: cluster.names.roleBinding, namespace: cluster.namespace, labels: cluster.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.role.name },
      // By name: the account exists whether we create it or the user does (createServiceAccount: false).
      subjects: [
        {
          apiGroup: '',
          kind: 'ServiceAccount',
          name: cluster.serviceAccountName,
          ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
        },
      ],
    });
  }
}
