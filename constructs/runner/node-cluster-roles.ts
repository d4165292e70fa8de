import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import {
  NODE_CLUSTER_ROLE,
  NODE_READER_CLUSTER_ROLE,
  NODE_READER_CLUSTER_ROLE_BINDING,
  NODE_READER_RULES,
  NODE_RULES,
  type PolicyRule,
} from '../../lib/node-rbac.js';

export interface NodeClusterRolesProps {
  readonly labels: Record<string, string>;
  /**
   * Also ship the one ClusterRoleBinding of `redis-enterprise-node-reader`, without subjects: the
   * runner adds each rack-aware REC's ServiceAccount to it. Only an all-namespaces install may
   * write it.
   * @default false
   */
  readonly nodeReaderBinding?: boolean;
}

const rules = (list: readonly PolicyRule[]) =>
  list.map((r) => ({ apiGroups: [r.apiGroup], resources: [r.resource], verbs: [...r.verbs] }));

/**
 * What the REC pods need, shipped with the runner so the runner may grant it by `bind` (on these
 * two names only) without holding it: `redis-enterprise-node` (bound per REC in its namespace by a
 * RoleBinding) and `redis-enterprise-node-reader` (Node read for rack awareness, through the one
 * ClusterRoleBinding of the same name, whose subjects the runner keeps). Fixed names: every
 * install ships the same rules.
 *
 * The binding carries no `subjects` field at all, so applying the install again (server-side, or
 * `kubectl apply`) never touches the subjects the runner added: the install's field manager does
 * not own them.
 */
export class NodeClusterRoles extends Construct {
  public readonly nodeRole: k8s.KubeClusterRole;
  public readonly nodeReader: k8s.KubeClusterRole;
  /** Only with `nodeReaderBinding`. */
  public readonly nodeReaderBinding?: k8s.KubeClusterRoleBinding;

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
    if (props.nodeReaderBinding) {
      this.nodeReaderBinding = new k8s.KubeClusterRoleBinding(this, 'NodeReaderBinding', {
        metadata: { name: NODE_READER_CLUSTER_ROLE_BINDING, labels: props.labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODE_READER_CLUSTER_ROLE },
      });
    }
  }
}
