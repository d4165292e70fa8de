import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { ClusterContext } from '../lib/cluster-context.js';

export interface RedisEnterpriseRoleBindingProps {
  readonly cluster: ClusterContext;
  /** The Role to grant. */
  readonly role: kplus.IRole;
}

/** Grants the cluster's Role to its ServiceAccount (which may be one the user created). */
export class RedisEnterpriseRoleBinding extends Construct {
  public readonly roleBinding: kplus.RoleBinding;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRoleBindingProps) {
    super(scope, id);
    const { cluster } = props;
    this.roleBinding = new kplus.RoleBinding(this, 'Resource', {
      metadata: { name: cluster.names.roleBinding, namespace: cluster.namespace, labels: cluster.labels },
      role: props.role,
    });
    // By name: the account exists whether we create it or the user does (createServiceAccount: false).
    this.roleBinding.addSubjects(
      kplus.ServiceAccount.fromServiceAccountName(
        this,
        'Subject',
        cluster.serviceAccountName,
        cluster.namespace ? { namespaceName: cluster.namespace } : {},
      ),
    );
  }
}
