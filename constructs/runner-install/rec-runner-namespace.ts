import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RecRunnerNamespaceProps {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/**
 * The runner's namespace. No Pod Security labels: by default the runner watches its own
 * namespace, and Redis Enterprise node pods do not meet the `restricted` profile.
 */
export class RecRunnerNamespace extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RecRunnerNamespaceProps) {
    super(scope, id);
    this.apiObject = kubeObject(this, 'Resource', 'Namespace', {
      metadata: { name: props.name, labels: props.labels },
    });
  }
}
