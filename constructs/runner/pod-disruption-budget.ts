import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RunnerDisruptionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
}

/**
 * At most one runner pod down by voluntary disruption, so a drain never takes the leader and its
 * standby at once. Only rendered with more than one replica (with one, it would block drains).
 */
export class RunnerDisruptionBudget extends Construct {
  public readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerDisruptionBudgetProps) {
    super(scope, id);
    this.podDisruptionBudget = kubeObject(this, 'Resource', 'PodDisruptionBudget', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: props.selector } },
    });
  }
}
