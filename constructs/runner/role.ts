import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { policyRules, type RunnerRule } from './rbac-rules.js';

export interface RunnerRoleProps {
  /** Name of the Role and of its RoleBinding. */
  readonly name: string;
  /** Where the Role grants its rules. */
  readonly namespace: string;
  readonly rules: readonly RunnerRule[];
  /** The runner's ServiceAccount. */
  readonly serviceAccountName: string;
  /** The runner's namespace (that of the ServiceAccount). */
  readonly serviceAccountNamespace: string;
  readonly labels: Record<string, string>;
}

/**
 * A namespaced Role and the RoleBinding granting it to the runner's ServiceAccount: one pair in
 * each watched namespace, and one for the leader-election Lease in the runner's own namespace.
 * One API group and one resource per rule, easy to read and audit.
 */
export class RunnerRole extends Construct {
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: RunnerRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    this.role = new k8s.KubeRole(this, 'Role', { metadata, rules: policyRules(props.rules) });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}
