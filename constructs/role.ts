import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { ClusterContext } from '../lib/cluster-context.js';
import { NODE_RULES, nodeSecretNames } from '../lib/node-rbac.js';

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
  public readonly role: kplus.Role;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRoleProps) {
    super(scope, id);
    const { cluster } = props;
    this.role = new kplus.Role(this, 'Resource', {
      metadata: { name: cluster.names.role, namespace: cluster.namespace, labels: cluster.labels },
    });
    if (!props.secretsOnly) {
      for (const rule of NODE_RULES)
        this.role.allow(
          [...rule.verbs],
          kplus.ApiResource.custom({ apiGroup: rule.apiGroup, resourceType: rule.resource }),
        );
    }
    // One rule per name (kplus writes one resourceName per resource): the pods read these by name.
    for (const secret of nodeSecretNames(cluster))
      this.role.allow(['get'], { apiGroup: '', resourceType: 'secrets', resourceName: secret });
  }
}
