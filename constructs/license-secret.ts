import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';
import { kubeObject } from './kube-object.js';

export interface RedisEnterpriseLicenseSecretProps {
  readonly cluster: ClusterContext;
}

/**
 * An inline `license` when the credentials Secret is the user's: we never write into a Secret we
 * do not own, so the license gets a Secret of its own, `<rec>-license`, key `license`.
 */
export class RedisEnterpriseLicenseSecret extends Construct {
  public readonly secret: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseLicenseSecretProps) {
    super(scope, id);
    const { cluster } = props;
    this.secret = kubeObject(this, 'Resource', 'Secret', {
      metadata: objectMeta(cluster, cluster.names.licenseSecret),
      type: 'Opaque',
      data: { license: Buffer.from(cluster.spec.license ?? '', 'utf8').toString('base64') },
    });
  }
}
