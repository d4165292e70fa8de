import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { kubeObject } from '../kube-object.js';
import { RUNNER_ENTRYPOINT, RUNNER_PORT_NAMES, RUNNER_USER_ID } from './defaults.js';
import { INGRESS_METHOD_KINDS } from '../../lib/ingress-kinds.js';
import { labelsFlag } from '../../lib/label-flag.js';
import type { IngressMethod } from '../../lib/spec/external-access.js';

/** Compute resources of the runner container; quantities as the API writes them ("100m", "128Mi"). */
export interface RunnerResources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

export interface RunnerDeploymentProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Immutable once applied. */
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  readonly containerName: string;
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  readonly replicas: number;
  readonly resources: RunnerResources;
  readonly watchNamespaces: readonly string[] | 'all';
  /** The ingress methods the install grants: the runner runs with their flags. @default none */
  readonly ingressMethods?: readonly IngressMethod[];
  /** `--istio-gateway-selector`. @default the runner's (istio=ingress) */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
  readonly metricsPort: number;
  readonly healthPort: number;
  readonly logLevel: string;
}

/** The arguments of `rec-cdk8s run` for this install. */
export function runnerArgs(options: {
  namespace: string;
  watchNamespaces: readonly string[] | 'all';
  ingressMethods?: readonly IngressMethod[];
  istioGatewaySelector?: Readonly<Record<string, string>>;
  metricsPort: number;
  healthPort: number;
}): string[] {
  const watch =
    options.watchNamespaces === 'all'
      ? ['--all-namespaces']
      : options.watchNamespaces.flatMap((ns) => ['--namespace', ns]);
  return [
    'run',
    '--leader-elect',
    '--lease-namespace',
    options.namespace,
    ...watch,
    ...(options.ingressMethods ?? []).map((method) => INGRESS_METHOD_KINDS[method].flag),
    ...(options.istioGatewaySelector ? ['--istio-gateway-selector', labelsFlag(options.istioGatewaySelector)] : []),
    '--metrics-port',
    String(options.metricsPort),
    '--health-port',
    String(options.healthPort),
  ];
}

/**
 * `rec-runner`: the reconcile runner. Every replica keeps warm caches and answers probes; the one
 * holding the Lease reconciles. Locked down to the `restricted` Pod Security profile: non-root
 * (65532), read-only root filesystem (a small emptyDir for /tmp), no privilege escalation, no
 * capabilities, the runtime's seccomp profile. Replicas prefer different nodes and zones.
 */
export class RunnerDeployment extends Construct {
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: RunnerDeploymentProps) {
    super(scope, id);
    const podAffinityTerm = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: props.selector } };
    const fieldEnv = (name: string, fieldPath: string) => ({
      name,
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
    });
    const httpProbe = (path: string, periodSeconds: number, failureThreshold: number) => ({
      httpGet: { path, port: RUNNER_PORT_NAMES.health, scheme: 'HTTP' },
      periodSeconds,
      timeoutSeconds: 2,
      failureThreshold,
    });
    this.deployment = kubeObject(this, 'Resource', 'Deployment', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        replicas: props.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: props.selector },
        // One new pod at a time, never below the wanted count: a standby is always ready to lead.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels: props.labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: RUNNER_USER_ID,
              runAsGroup: RUNNER_USER_ID,
              fsGroup: RUNNER_USER_ID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: {
              podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm }] },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: props.selector },
              },
            ],
            containers: [
              {
                name: props.containerName,
                image: props.image,
                imagePullPolicy: props.imagePullPolicy,
                command: [...RUNNER_ENTRYPOINT],
                args: runnerArgs(props),
                env: [
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  { name: 'LOG_LEVEL', value: props.logLevel },
                ],
                ports: [
                  { name: RUNNER_PORT_NAMES.metrics, containerPort: props.metricsPort, protocol: 'TCP' },
                  { name: RUNNER_PORT_NAMES.health, containerPort: props.healthPort, protocol: 'TCP' },
                ],
                livenessProbe: { ...httpProbe('/healthz', 10, 3), initialDelaySeconds: 5 },
                readinessProbe: httpProbe('/readyz', 5, 2),
                resources: props.resources,
                securityContext: {
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    });
  }
}
