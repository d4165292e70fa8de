import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { objectMeta } from './object-meta.js';
import { nodeSelectorLabels } from '../lib/api/names.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterprisePodDisruptionBudgetProps {
  readonly cluster: ClusterContext;
}

/** `<rec>`: at most one node pod down by voluntary disruption, so quorum survives a drain. */
export class RedisEnterprisePodDisruptionBudget extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterprisePodDisruptionBudgetProps) {
    super(scope, id);
    const { cluster } = props;
    this.apiObject = kubeObject(this, 'Resource', 'PodDisruptionBudget', {
      metadata: objectMeta(cluster, cluster.names.podDisruptionBudget),
      spec: { maxUnavailable: 1, selector: { matchLabels: nodeSelectorLabels(cluster.name) } },
    });
  }
}
