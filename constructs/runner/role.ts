import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { RunnerRule } from './rbac-rules.js';

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

/** Adds each rule as its own entry: one API group and one resource per rule, easy to read and audit. */
export function allowRules(role: kplus.Role | kplus.ClusterRole, rules: readonly RunnerRule[]): void {
  for (const rule of rules) role.allow([...rule.verbs], kplus.ApiResource.custom({ apiGroup: rule.apiGroup, resourceType: rule.resource }));
}

/**
 * A namespaced Role and the RoleBinding granting it to the runner's ServiceAccount: one pair in
 * each watched namespace, and one for the leader-election Lease in the runner's own namespace.
 */
export class RunnerRole extends Construct {
  public readonly role: kplus.Role;
  public readonly roleBinding: kplus.RoleBinding;

  constructor(scope: Construct, id: string, props: RunnerRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    this.role = new kplus.Role(this, 'Role', { metadata });
    allowRules(this.role, props.rules);
    this.roleBinding = new kplus.RoleBinding(this, 'Binding', { metadata, role: this.role });
    this.roleBinding.addSubjects(
      kplus.ServiceAccount.fromServiceAccountName(this, 'Subject', props.serviceAccountName, { namespaceName: props.serviceAccountNamespace }),
    );
  }
}
