import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import {
  NODE_CLUSTER_ROLE,
  NODE_READER_CLUSTER_ROLE,
  NODE_READER_CLUSTER_ROLE_BINDING,
  NODE_READER_RULES,
  NODE_RULES,
} from '../../lib/node-rbac.js';
import { kubeObject } from '../kube-object.js';
import { policyRules } from '../policy-rules.js';

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
  public readonly nodeRole: ApiObject;
  public readonly nodeReader: ApiObject;
  /** Only with `nodeReaderBinding`. */
  public readonly nodeReaderBinding?: ApiObject;

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
    if (props.nodeReaderBinding) {
      this.nodeReaderBinding = kubeObject(this, 'NodeReaderBinding', 'ClusterRoleBinding', {
        metadata: { name: NODE_READER_CLUSTER_ROLE_BINDING, labels: props.labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODE_READER_CLUSTER_ROLE },
      });
    }
  }
}
