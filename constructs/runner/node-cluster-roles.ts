import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import {
  NODE_CLUSTER_ROLE,
  NODE_READER_CLUSTER_ROLE,
  NODE_READER_RULES,
  NODE_RULES,
  type PolicyRule,
} from '../../lib/node-rbac.js';

export interface NodeClusterRolesProps {
  readonly labels: Record<string, string>;
}

const rules = (list: readonly PolicyRule[]) =>
  list.map((r) => ({ apiGroups: [r.apiGroup], resources: [r.resource], verbs: [...r.verbs] }));

/**
 * What the REC pods need, shipped with the runner so the runner may grant it by `bind` (on these
 * two names only) without holding it: `redis-enterprise-node` (bound per REC in its namespace by a
 * RoleBinding) and `redis-enterprise-node-reader` (Node read for rack awareness, bound by a
 * ClusterRoleBinding). Fixed names: every install ships the same rules.
 */
export class NodeClusterRoles extends Construct {
  public readonly nodeRole: k8s.KubeClusterRole;
  public readonly nodeReader: k8s.KubeClusterRole;

  constructor(scope: Construct, id: string, props: NodeClusterRolesProps) {
    super(scope, id);
    this.nodeRole = new k8s.KubeClusterRole(this, 'Node', {
      metadata: { name: NODE_CLUSTER_ROLE, labels: props.labels },
      rules: rules(NODE_RULES),
    });
    this.nodeReader = new k8s.KubeClusterRole(this, 'NodeReader', {
      metadata: { name: NODE_READER_CLUSTER_ROLE, labels: props.labels },
      rules: rules(NODE_READER_RULES),
    });
  }
}
