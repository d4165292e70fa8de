import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { RunnerRule } from './rbac-rules.js';
import { kubeObject } from '../kube-object.js';
import { policyRules } from '../policy-rules.js';

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
  public readonly clusterRole: ApiObject;
  public readonly clusterRoleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerClusterRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, labels: props.labels };
    this.clusterRole = kubeObject(this, 'Role', 'ClusterRole', { metadata, rules: policyRules(props.rules) });
    this.clusterRoleBinding = kubeObject(this, 'Binding', 'ClusterRoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}
