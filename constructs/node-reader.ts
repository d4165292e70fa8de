import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { ClusterContext } from '../lib/cluster-context.js';

export interface RedisEnterpriseNodeReaderProps {
  readonly cluster: ClusterContext;
  /** The namespace of the cluster; part of the cluster-scoped names. */
  readonly namespace: string;
}

/**
 * Rack awareness only: the nodes learn their rack from a node label, which takes a cluster-wide
 * read of Node objects. Nothing else of ours is cluster-scoped.
 */
export class RedisEnterpriseNodeReader extends Construct {
  public readonly clusterRole: kplus.ClusterRole;
  public readonly clusterRoleBinding: kplus.ClusterRoleBinding;

  constructor(scope: Construct, id: string, props: RedisEnterpriseNodeReaderProps) {
    super(scope, id);
    const { cluster, namespace } = props;
    const name = cluster.names.nodeReaderClusterRole(namespace);
    this.clusterRole = new kplus.ClusterRole(this, 'Role', { metadata: { name, labels: cluster.labels } });
    this.clusterRole.allow(['get', 'list', 'watch'], kplus.ApiResource.NODES);
    this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'Binding', {
      metadata: { name, labels: cluster.labels },
      role: this.clusterRole,
    });
    this.clusterRoleBinding.addSubjects(
      kplus.ServiceAccount.fromServiceAccountName(this, 'Subject', cluster.serviceAccountName, { namespaceName: namespace }),
    );
  }
}
