import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { objectMeta, sharedPodSettings, type ClusterContext } from '../lib/cluster-context.js';
import { CONTAINER_PASSWORD_GENERATOR, ROLE_LABEL, ROLE_PASSWORD_GENERATOR } from '../lib/names.js';
import { DEFAULT_RUNNER_IMAGE, RUNNER_ENTRYPOINT, RUNNER_USER_ID } from './runner/defaults.js';
import { kubeObject } from './kube-object.js';

export interface PasswordGeneratorProps {
  /** The cluster whose credentials Secret gets the password. */
  readonly cluster: ClusterContext;
  /**
   * The image that runs `rec-cdk8s ensure-password`: this project's runner image, or one with the
   * same layout.
   * @default the runner image of this package's version
   */
  readonly image?: string;
}

/**
 * Makes the admin password inside the cluster when synthesized output is applied with no runner
 * (Argo CD, Flux, `kubectl apply`): a one-shot Job that adds a crypto-random `password` to the
 * credentials Secret only if it has none, so the password never appears in Git and no re-sync,
 * re-run or second copy of the Job ever changes it. Its ServiceAccount may read and patch that one
 * Secret and nothing else.
 */
export class PasswordGenerator extends Construct {
  public readonly serviceAccount: ApiObject;
  public readonly role: ApiObject;
  public readonly roleBinding: ApiObject;
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: PasswordGeneratorProps) {
    super(scope, id);
    const { cluster } = props;
    const name = cluster.names.passwordGenerator;
    const secret = cluster.credentials.secretName;
    const labels = { [ROLE_LABEL]: ROLE_PASSWORD_GENERATOR };
    const metadata = objectMeta(cluster, name, { labels });

    this.serviceAccount = kubeObject(this, 'ServiceAccount', 'ServiceAccount', {
      metadata,
      automountServiceAccountToken: true,
    });
    this.role = kubeObject(this, 'Role', 'Role', {
      metadata,
      // get to read it, patch to add the password; resourceNames keeps every other Secret out of reach.
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [secret], verbs: ['get', 'patch'] }],
    });
    this.roleBinding = kubeObject(this, 'RoleBinding', 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, ...(cluster.namespace ? { namespace: cluster.namespace } : {}) }],
    });
    const { serviceAccountName: _nodesAccount, ...scheduling } = sharedPodSettings(cluster);
    this.job = kubeObject(this, 'Job', 'Job', {
      metadata,
      spec: {
        // Retries with the Job controller's backoff while the Secret or the binding is not there yet.
        backoffLimit: 6,
        template: {
          metadata: { labels: { ...cluster.labels, ...labels } },
          spec: {
            ...scheduling,
            serviceAccountName: name,
            restartPolicy: 'Never',
            securityContext: {
              runAsNonRoot: true,
              runAsUser: RUNNER_USER_ID,
              runAsGroup: RUNNER_USER_ID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: CONTAINER_PASSWORD_GENERATOR,
                image: props.image ?? DEFAULT_RUNNER_IMAGE,
                command: [...RUNNER_ENTRYPOINT, 'ensure-password', '--secret', secret],
                resources: {
                  requests: { cpu: '10m', memory: '64Mi' },
                  limits: { memory: '128Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    });
  }
}
