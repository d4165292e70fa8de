import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import type { ClusterContext } from '../lib/cluster-context.js';

export interface RedisEnterpriseRoleProps {
  /** The cluster whose pods use this Role. */
  readonly cluster: ClusterContext;
}

const READ = ['get', 'list', 'watch'];
const MANAGE = [...READ, 'create', 'update', 'patch', 'delete'];

/**
 * What the node pods and the services rigger need, in the cluster's namespace only: manage the
 * database Services and their endpoints, tag the master pod, keep state in ConfigMaps, read
 * Secrets and the StatefulSet, and record events.
 */
export class RedisEnterpriseRole extends Construct {
  public readonly role: kplus.Role;

  constructor(scope: Construct, id: string, props: RedisEnterpriseRoleProps) {
    super(scope, id);
    const { cluster } = props;
    this.role = new kplus.Role(this, 'Resource', {
      metadata: { name: cluster.names.role, namespace: cluster.namespace, labels: cluster.labels },
    });
    const core = (resourceType: string) => kplus.ApiResource.custom({ apiGroup: '', resourceType });
    this.role.allow(MANAGE, core('services'), core('endpoints'));
    this.role.allow(MANAGE, kplus.ApiResource.custom({ apiGroup: 'discovery.k8s.io', resourceType: 'endpointslices' }));
    this.role.allow([...READ, 'patch', 'update'], core('pods'));
    this.role.allow([...READ, 'create', 'update', 'patch'], core('configmaps'));
    this.role.allow(READ, core('secrets'));
    this.role.allow(['create', 'patch'], core('events'));
    this.role.allow(READ, kplus.ApiResource.custom({ apiGroup: 'apps', resourceType: 'statefulsets' }));
  }
}
