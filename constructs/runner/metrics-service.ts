import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';

export interface RunnerMetricsServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly port: number;
  /** The container port's name. */
  readonly targetPort: string;
}

/** `rec-runner-metrics`: Prometheus `/metrics` of every replica (standbys report too), port `metrics`. */
export class RunnerMetricsService extends Construct {
  public readonly service: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerMetricsServiceProps) {
    super(scope, id);
    this.service = kubeObject(this, 'Resource', 'Service', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        type: 'ClusterIP',
        selector: props.selector,
        ports: [{ name: 'metrics', port: props.port, targetPort: props.targetPort, protocol: 'TCP' }],
      },
    });
  }
}
