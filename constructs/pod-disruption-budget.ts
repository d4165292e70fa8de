import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';
import { nodeSelectorLabels } from '../lib/names.js';
import { kubeObject } from './kube-object.js';

export interface NodesDisruptionBudgetProps {
  readonly cluster: ClusterContext;
}

/** `<rec>`: at most one node pod down by voluntary disruption, so quorum survives a drain. */
export class NodesDisruptionBudget extends Construct {
  public readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: NodesDisruptionBudgetProps) {
    super(scope, id);
    const { cluster } = props;
    this.podDisruptionBudget = kubeObject(this, 'Resource', 'PodDisruptionBudget', {
      metadata: objectMeta(cluster, cluster.names.podDisruptionBudget),
      spec: { maxUnavailable: 1, selector: { matchLabels: nodeSelectorLabels(cluster.name) } },
    });
  }
}
