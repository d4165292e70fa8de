import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { clusterCrd } from '../../lib/crd/crd.js';

/**
 * The RedisEnterpriseCluster CRD, exactly as `clusterCrd()` generates it (with its CEL rules).
 * `ApiObject` keeps empty objects, so `subresources.status: {}` survives synthesis.
 */
export class RecCustomResourceDefinition extends Construct {
  public readonly crd: ApiObject;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.crd = new ApiObject(this, 'Resource', clusterCrd());
  }
}
