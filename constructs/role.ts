import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { NODE_RULES, nodeSecretNames } from '../lib/node-rbac.js';
import { kubeObject } from './kube-object.js';
import { policyRules } from './policy-rules.js';

export interface RedisEnterpriseRoleProps {
  /** The cluster whose pods use this Role. */
  readonly cluster: ClusterContext;
  /**
   * Leave the node rules out: they come from the ClusterRole the runner's install ships
   * (`redis-enterprise-node`, bound by `RedisEnterpriseNodeRoleBinding`). Only the Secrets remain.
   * @default false
   */
  readonly secretsOnly?: boolean;
}

/**
 * What the node pods and the services rigger need, in the cluster's namespace only (the rules are
 * in lib/node-rbac.ts), and `get` on the credentials and license Secrets by name: no other Secret
 * of the namespace.
 */
export class RedisEnterpriseRole extends Construct {
  public readonly role: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRoleProps) {
    super(scope, id);
    const { cluster } = props;
    // One rule per Secret name: the pods read these by name.
    const secrets = nodeSecretNames(cluster).map((name) => ({
      apiGroup: '',
      resource: 'secrets',
      verbs: ['get'],
      resourceNames: [name],
    }));
    this.role = kubeObject(this, 'Resource', 'Role', {
      metadata: { name: cluster.names.role, namespace: cluster.namespace, labels: cluster.labels },
      rules: policyRules([...(props.secretsOnly ? [] : NODE_RULES), ...secrets]),
    });
  }
}
