import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { RunnerRule } from './rbac-rules.js';
import { kubeObject } from '../kube-object.js';
import { policyRules } from '../policy-rules.js';

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
  public readonly role: ApiObject;
  public readonly roleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    this.role = kubeObject(this, 'Role', 'Role', { metadata, rules: policyRules(props.rules) });
    this.roleBinding = kubeObject(this, 'Binding', 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}
