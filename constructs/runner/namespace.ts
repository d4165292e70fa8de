import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RunnerNamespaceProps {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/**
 * The runner's namespace. No Pod Security labels: by default the runner watches its own
 * namespace, and Redis Enterprise node pods do not meet the `restricted` profile.
 */
export class RunnerNamespace extends Construct {
  public readonly namespace: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerNamespaceProps) {
    super(scope, id);
    this.namespace = kubeObject(this, 'Resource', 'Namespace', {
      metadata: { name: props.name, labels: props.labels },
    });
  }
}
