import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';
import { PORTS } from '../lib/names.js';
import type { IngressOrRoute } from '../lib/spec/external-access.js';
import { kubeObject } from './kube-object.js';

export interface RestApiIngressProps {
  readonly cluster: ClusterContext;
  /** The resolved `ingressOrRouteSpec` (or `activeActive`) with method `ingress`. */
  readonly access: IngressOrRoute;
}

/**
 * `<rec>` (networking.k8s.io/v1): the REST API's host (`apiFqdnUrl`) to the `<rec>` Service, port
 * 9443, annotated with `ingressAnnotations`. TLS is not terminated here: the API serves its own
 * certificate, so the controller must pass TLS through (the official docs have the user set the
 * controller's ssl-passthrough annotation and ingress class in `ingressAnnotations`; we add none of
 * our own). Databases get their hosts (`<name><dbFqdnSuffix>`) from Ingresses of their own, made
 * per Active-Active database, which this project does not manage.
 */
export class RestApiIngress extends Construct {
  public readonly ingress: ApiObject;

  constructor(scope: Construct, id: string, props: RestApiIngressProps) {
    super(scope, id);
    const { cluster, access } = props;
    this.ingress = kubeObject(this, 'Resource', 'Ingress', {
      metadata: objectMeta(cluster, cluster.names.ingress, { annotations: { ...access.annotations } }),
      spec: {
        rules: [
          {
            host: access.apiHost,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: cluster.names.apiService, port: { number: PORTS.restApi } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
