import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { NODE_CLUSTER_ROLE, NODE_READER_CLUSTER_ROLE, NODE_READER_RULES, NODE_RULES } from '../../lib/node-rbac.js';
import { kubeObject } from '../kube-object.js';
import { policyRules } from '../policy-rules.js';

export interface NodeClusterRolesProps {
  readonly labels: Record<string, string>;
}

/**
 * What the REC pods need, shipped with the runner so the runner may grant it by `bind` (on these
 * two names only) without holding it: `redis-enterprise-node` (bound per REC in its namespace by a
 * RoleBinding) and `redis-enterprise-node-reader` (Node read for rack awareness, bound by a
 * ClusterRoleBinding). Fixed names: every install ships the same rules.
 */
export class NodeClusterRoles extends Construct {
  public readonly nodeRole: ApiObject;
  public readonly nodeReader: ApiObject;

  constructor(scope: Construct, id: string, props: NodeClusterRolesProps) {
    super(scope, id);
    this.nodeRole = kubeObject(this, 'Node', 'ClusterRole', {
      metadata: { name: NODE_CLUSTER_ROLE, labels: props.labels },
      rules: policyRules(NODE_RULES),
    });
    this.nodeReader = kubeObject(this, 'NodeReader', 'ClusterRole', {
      metadata: { name: NODE_READER_CLUSTER_ROLE, labels: props.labels },
      rules: policyRules(NODE_READER_RULES),
    });
  }
}
