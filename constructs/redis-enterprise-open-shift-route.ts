import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { objectMeta } from './object-meta.js';
import { PORTS } from '../lib/api/names.js';
import { OPENSHIFT_ROUTE } from '../lib/api/ingress-kinds.js';
import type { IngressOrRoute } from '../lib/api/external-access.js';

/** The part of OpenShift's Route (route.openshift.io/v1) we write. */
export interface OpenShiftRouteSpec {
  readonly host: string;
  readonly to: { readonly kind: 'Service'; readonly name: string };
  readonly port: { readonly targetPort: number };
  readonly tls: { readonly termination: 'passthrough'; readonly insecureEdgeTerminationPolicy: 'None' };
}

export interface RedisEnterpriseOpenShiftRouteProps {
  readonly cluster: ClusterContext;
  /** The resolved `ingressOrRouteSpec` (or `activeActive`) with method `openShiftRoute`. */
  readonly access: IngressOrRoute;
}

/**
 * `<rec>`: the REST API's host (`apiFqdnUrl`) to the `<rec>` Service, port 9443, TLS passed
 * through and plain HTTP refused, as the official docs set up their Routes. Setting `host` needs
 * `create` on `routes/custom-host` in OpenShift, which the runner's `--openshift-route` install
 * grants. Databases get Routes of their own, per Active-Active database (not managed here).
 */
export class RedisEnterpriseOpenShiftRoute extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseOpenShiftRouteProps) {
    super(scope, id);
    const { cluster, access } = props;
    const spec: OpenShiftRouteSpec = {
      host: access.apiHost,
      to: { kind: 'Service', name: cluster.names.apiService },
      port: { targetPort: PORTS.restApi },
      tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' },
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: OPENSHIFT_ROUTE.apiVersion,
      kind: OPENSHIFT_ROUTE.kind,
      metadata: objectMeta(cluster, cluster.names.route, { annotations: { ...access.annotations } }),
      spec,
    });
  }
}
