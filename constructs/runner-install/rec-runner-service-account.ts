import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RecRunnerServiceAccountProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** The runner's identity, `rec-runner`; its pods call the API with this account's token. */
export class RecRunnerServiceAccount extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RecRunnerServiceAccountProps) {
    super(scope, id);
    this.apiObject = kubeObject(this, 'Resource', 'ServiceAccount', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      automountServiceAccountToken: true,
    });
  }
}
