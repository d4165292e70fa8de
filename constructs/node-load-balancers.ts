import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/cluster-context.js';
import { CLUSTER_LABEL, POD_NAME_LABEL, PORTS } from '../lib/names.js';
import type { NodeLoadBalancers } from '../lib/spec/external-access.js';
import { serviceObject } from './service-object.js';

export interface NodeLoadBalancerServicesProps {
  readonly cluster: ClusterContext;
  /** The resolved `ossClusterSettings` with `externalAccessType: LoadBalancer`. */
  readonly settings: NodeLoadBalancers;
}

/**
 * `<rec>-<n>-lb`, one per node pod `<rec>-<n>` (as many as `nodes`): a LoadBalancer Service
 * selecting that one pod, so each node gets an address of its own outside the cluster, as OSS
 * cluster clients need (they connect to the node that holds a slot). Annotations:
 * `services.servicesAnnotations` with `ossClusterSettings.loadBalancer.serviceAnnotations` over
 * them; `externalTrafficPolicy` as set, else Local with `podCIDRs`, else Cluster.
 *
 * When: the official docs have these provisioned once a database enables external access (the
 * REDB's `ossClusterSettings.enableExternalAccess`); this project manages no databases, so the REC
 * setting alone makes them.
 *
 * Ports: a Service needs one, and the official docs show these Services with the ports of the
 * databases that enable external access, which are added per database (this project manages no
 * databases). We publish the Sentinel-compatible discovery port (8001), the client-facing port
 * every node serves: clients find the databases' endpoints through it.
 */
export class NodeLoadBalancerServices extends Construct {
  /** In node order: `services[n]` selects pod `<rec>-<n>`. */
  public readonly services: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: NodeLoadBalancerServicesProps) {
    super(scope, id);
    const { cluster, settings } = props;
    this.services = Array.from({ length: cluster.spec.nodes }, (_, ordinal) =>
      serviceObject(this, `Node${ordinal}`, cluster, {
        name: cluster.names.nodeLoadBalancer(ordinal),
        type: 'LoadBalancer',
        // The pod name alone is unique in the namespace; the cluster label keeps the Service on our pods only.
        selector: { [CLUSTER_LABEL]: cluster.name, [POD_NAME_LABEL]: `${cluster.names.statefulSet}-${ordinal}` },
        ports: [{ name: 'sentinel', port: PORTS.discovery }],
        annotations: { ...settings.annotations },
        externalTrafficPolicy: settings.externalTrafficPolicy,
      }),
    );
  }
}
