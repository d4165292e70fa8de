import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';

export interface RunnerServiceAccountProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** The runner's identity, `rec-runner`; its pods call the API with this account's token. */
export class RunnerServiceAccount extends Construct {
  public readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: RunnerServiceAccountProps) {
    super(scope, id);
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      automountToken: true,
    });
  }
}
