import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { clusterCrd } from '../../lib/api/crd/crd.js';

/**
 * The RedisEnterpriseCluster CRD, exactly as `clusterCrd()` generates it (with its CEL rules).
 * `ApiObject` keeps empty objects, so `subresources.status: {}` survives synthesis.
 */
export class RecRunnerCrd extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', clusterCrd());
  }
}
