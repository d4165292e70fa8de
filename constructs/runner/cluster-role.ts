import { Construct } from 'constructs';
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { RunnerRule } from './rbac-rules.js';
import { allowRules } from './role.js';

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
  public readonly clusterRole: kplus.ClusterRole;
  public readonly clusterRoleBinding: kplus.ClusterRoleBinding;

  constructor(scope: Construct, id: string, props: RunnerClusterRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, labels: props.labels };
    this.clusterRole = new kplus.ClusterRole(this, 'Role', { metadata });
    allowRules(this.clusterRole, props.rules);
    // kplus writes `resourceNames: []` on every ClusterRole rule; the API drops it, so would every diff.
    const apiObject = ApiObject.of(this.clusterRole);
    props.rules.forEach((_, index) => apiObject.addJsonPatch(JsonPatch.remove(`/rules/${index}/resourceNames`)));
    this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'Binding', { metadata, role: this.clusterRole });
    this.clusterRoleBinding.addSubjects(
      kplus.ServiceAccount.fromServiceAccountName(this, 'Subject', props.serviceAccountName, { namespaceName: props.serviceAccountNamespace }),
    );
  }
}
