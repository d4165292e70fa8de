import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterpriseCredentialsProps {
  readonly cluster: ClusterContext;
}

/** Marks a credentials Secret made by this project: the runner or the generator Job may add its password. */
export const PASSWORD_ANNOTATION = 'redis.io/password';
export const PASSWORD_ANNOTATION_VALUE = 'generated-once-by-rec-cdk8s';

/**
 * A password lost is a cluster locked out: GitOps tools must never delete this Secret, neither
 * when it leaves the output (prune) nor when the application is deleted. Argo CD reads the first,
 * Flux the second; both are ignored by everything else.
 */
export const KEEP_ANNOTATIONS = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
} as const;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * The cluster credentials Secret, without a password. Synthesized output never carries a
 * password: it is made once inside the cluster, by the runner or by the `PasswordGenerator` Job,
 * under a field manager of its own, so no later apply of this Secret (ours, or a GitOps tool's)
 * removes or changes it. Values go out as `data` (base64), never `stringData`, so applies compare
 * equal at rest. No owner, and GitOps tools are told to keep it: it outlives the cluster object,
 * like the volumes whose data knows the password.
 */
export class RedisEnterpriseCredentials extends Construct {
  public readonly secret: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseCredentialsProps) {
    super(scope, id);
    const { cluster } = props;
    const data: Record<string, string> = { username: base64(cluster.spec.username) };
    if (cluster.spec.license) data.license = base64(cluster.spec.license);
    this.secret = kubeObject(this, 'Resource', 'Secret', {
      metadata: objectMeta(cluster, cluster.credentials.secretName, {
        annotations: { [PASSWORD_ANNOTATION]: PASSWORD_ANNOTATION_VALUE, ...KEEP_ANNOTATIONS },
      }),
      type: 'Opaque',
      data,
    });
  }
}
