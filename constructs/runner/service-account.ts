import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RunnerServiceAccountProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** The runner's identity, `rec-runner`; its pods call the API with this account's token. */
export class RunnerServiceAccount extends Construct {
  public readonly serviceAccount: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerServiceAccountProps) {
    super(scope, id);
    this.serviceAccount = kubeObject(this, 'Resource', 'ServiceAccount', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      automountServiceAccountToken: true,
    });
  }
}
