import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { objectMeta } from './object-meta.js';
import { PORTS } from '../lib/api/names.js';
import { ISTIO_VIRTUAL_SERVICE } from '../lib/api/ingress-kinds.js';
import type { IngressOrRoute } from '../lib/api/external-access.js';
import { ISTIO_GATEWAY_PORT } from './redis-enterprise-istio-gateway.js';

/** The part of Istio's VirtualService (networking.istio.io) we write: TLS routes by SNI. */
export interface IstioVirtualServiceSpec {
  readonly hosts: readonly string[];
  /** Gateways by name, in the VirtualService's namespace. */
  readonly gateways: readonly string[];
  readonly tls: readonly {
    readonly match: readonly { readonly port: number; readonly sniHosts: readonly string[] }[];
    readonly route: readonly {
      readonly destination: { readonly host: string; readonly port: { readonly number: number } };
    }[];
  }[];
}

export interface RedisEnterpriseIstioVirtualServiceProps {
  readonly cluster: ClusterContext;
  /** The resolved `ingressOrRouteSpec` with method `istio`. */
  readonly access: IngressOrRoute;
}

/**
 * `<rec>`: through the Gateway `<rec>`, TLS whose SNI is the REST API's host (`apiFqdnUrl`) goes to
 * the `<rec>` Service, port 9443, still encrypted.
 */
export class RedisEnterpriseIstioVirtualService extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseIstioVirtualServiceProps) {
    super(scope, id);
    const { cluster, access } = props;
    const spec: IstioVirtualServiceSpec = {
      hosts: [access.apiHost],
      gateways: [cluster.names.gateway],
      tls: [
        {
          match: [{ port: ISTIO_GATEWAY_PORT.number, sniHosts: [access.apiHost] }],
          route: [{ destination: { host: cluster.names.apiService, port: { number: PORTS.restApi } } }],
        },
      ],
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ISTIO_VIRTUAL_SERVICE.apiVersion,
      kind: ISTIO_VIRTUAL_SERVICE.kind,
      metadata: objectMeta(cluster, cluster.names.virtualService, { annotations: { ...access.annotations } }),
      spec,
    });
  }
}
