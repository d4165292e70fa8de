import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';

export interface RedisEnterpriseCredentialsProps {
  readonly cluster: ClusterContext;
}

/** Set on the credentials Secret; the runner fills `password` under its own field manager. */
export const PASSWORD_ANNOTATION = 'redis.io/password';
export const PASSWORD_ANNOTATION_VALUE = 'generated-once-by-rec-cdk8s';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * The cluster credentials Secret, without a password. Synthesized output never carries a
 * made-up password: the runner writes a crypto-random one at first apply, under a field manager
 * of its own, and no later apply touches it (server-side apply leaves fields it never set). In a
 * GitOps flow without the runner, point `clusterCredentialSecretName` at a Secret you manage.
 * Values go out as `data` (base64), never `stringData`, so applies compare equal at rest.
 */
export class RedisEnterpriseCredentials extends Construct {
  public readonly secret: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseCredentialsProps) {
    super(scope, id);
    const { cluster } = props;
    const data: Record<string, string> = { username: base64(cluster.spec.username) };
    if (cluster.spec.license) data.license = base64(cluster.spec.license);
    this.secret = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: objectMeta(cluster, cluster.credentials.secretName, { annotations: { [PASSWORD_ANNOTATION]: PASSWORD_ANNOTATION_VALUE } }),
      type: 'Opaque',
      data,
    } as never);
  }
}
