import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from '../lib/names.js';
import { NODE_READER_CLUSTER_ROLE, NODE_READER_RULES } from '../lib/node-rbac.js';
import { kubeObject } from './kube-object.js';
import { policyRules } from './policy-rules.js';

export interface RedisEnterpriseNodeReaderProps {
  readonly cluster: ClusterContext;
  /** The namespace of the cluster; part of the cluster-scoped names. */
  readonly namespace: string;
  /**
   * Bind the `redis-enterprise-node-reader` ClusterRole the runner's install ships instead of a
   * ClusterRole of this cluster's own: the runner may bind that one role, never create one.
   * @default false
   */
  readonly useInstalledClusterRole?: boolean;
}

/**
 * Rack awareness only: the nodes learn their rack from a node label, which takes a cluster-wide
 * read of Node objects. Nothing else of ours is cluster-scoped. Labelled with the cluster's
 * namespace and name (the runner adds its uid), so a cleanup deletes only what is its own.
 */
export class RedisEnterpriseNodeReader extends Construct {
  /** Absent with `useInstalledClusterRole`. */
  public readonly clusterRole?: ApiObject;
  public readonly clusterRoleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseNodeReaderProps) {
    super(scope, id);
    const { cluster, namespace } = props;
    const name = cluster.names.nodeReaderClusterRole(namespace);
    const metadata = {
      name,
      labels: { ...cluster.labels, [OWNER_NAMESPACE_LABEL]: namespace, [OWNER_NAME_LABEL]: cluster.name },
    };
    if (!props.useInstalledClusterRole) {
      this.clusterRole = kubeObject(this, 'Role', 'ClusterRole', { metadata, rules: policyRules(NODE_READER_RULES) });
    }
    this.clusterRoleBinding = kubeObject(this, 'Binding', 'ClusterRoleBinding', {
      metadata,
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: props.useInstalledClusterRole ? NODE_READER_CLUSTER_ROLE : name,
      },
      subjects: [{ kind: 'ServiceAccount', name: cluster.serviceAccountName, namespace }],
    });
  }
}
