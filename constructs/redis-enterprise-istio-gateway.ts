import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { ClusterContext } from '../lib/api/cluster-context.js';
import { objectMeta } from './object-meta.js';
import { DEFAULT_ISTIO_GATEWAY_SELECTOR } from '../lib/api/names.js';
import { ISTIO_GATEWAY } from '../lib/api/ingress-kinds.js';
import { databaseHostPattern, type IngressOrRoute } from '../lib/api/external-access.js';

/** The part of Istio's Gateway (networking.istio.io) we write; Istio's CRD is not ours to import. */
export interface IstioGatewaySpec {
  /** Labels of the Istio ingress gateway pods this Gateway configures. */
  readonly selector: Readonly<Record<string, string>>;
  readonly servers: readonly {
    readonly port: { readonly number: number; readonly name: string; readonly protocol: 'HTTPS' | 'TLS' };
    readonly hosts: readonly string[];
    readonly tls: { readonly mode: 'PASSTHROUGH' };
  }[];
}

export interface RedisEnterpriseIstioGatewayProps {
  readonly cluster: ClusterContext;
  /** The resolved `ingressOrRouteSpec` with method `istio`. */
  readonly access: IngressOrRoute;
  /**
   * Labels of the Istio ingress gateway pods this Gateway configures.
   * @default { istio: 'ingress' }
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** Where outside TLS reaches the Istio ingress gateway: 443, as the official Istio examples listen. */
export const ISTIO_GATEWAY_PORT = { number: 443, name: 'https', protocol: 'HTTPS' } as const;

/**
 * `<rec>`: the Istio ingress gateway (`istio: ingress` unless told otherwise) accepts TLS on 443 for the REST
 * API's host and for every database host (`*<dbFqdnSuffix>`), and passes it through untouched
 * (the cluster serves its own certificates). The REST API's route is the VirtualService `<rec>`;
 * the databases' routes, one per database, can bind to this Gateway.
 */
export class RedisEnterpriseIstioGateway extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedisEnterpriseIstioGatewayProps) {
    super(scope, id);
    const { cluster, access } = props;
    const spec: IstioGatewaySpec = {
      selector: { ...(props.selector ?? DEFAULT_ISTIO_GATEWAY_SELECTOR) },
      servers: [
        {
          port: ISTIO_GATEWAY_PORT,
          hosts: [access.apiHost, databaseHostPattern(access)],
          tls: { mode: 'PASSTHROUGH' },
        },
      ],
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ISTIO_GATEWAY.apiVersion,
      kind: ISTIO_GATEWAY.kind,
      metadata: objectMeta(cluster, cluster.names.gateway, { annotations: { ...access.annotations } }),
      spec,
    });
  }
}
