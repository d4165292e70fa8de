import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { policyRules, type RunnerRule } from './rbac-rules.js';

export interface RunnerClusterRoleProps {
  /** Name of the ClusterRole and of its ClusterRoleBinding. */
  readonly name: string;
  readonly rules: readonly RunnerRule[];
  readonly serviceAccountName: string;
  readonly serviceAccountNamespace: string;
  readonly labels: Record<string, string>;
}

/** An all-namespaces install only: the runner's rules in every namespace, plus what rack awareness needs. */
export class RunnerClusterRole extends Construct {
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: RunnerClusterRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, labels: props.labels };
    this.clusterRole = new k8s.KubeClusterRole(this, 'Role', { metadata, rules: policyRules(props.rules) });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}
