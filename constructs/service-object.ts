/**
 * The one shape every Service of a cluster shares: labels, `servicesAnnotations` (the spec says
 * they go on every Service we create), a selector, named TCP ports, and the IP family of
 * `redisEnterpriseIPFamily` (the doc: "services created by the operator").
 */
import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { objectMeta, type ClusterContext } from '../lib/cluster-context.js';
import { serviceIpFamily } from '../lib/spec/external-access.js';
import { kubeObject } from './kube-object.js';

export interface ServicePort {
  readonly name: string;
  readonly port: number;
}

export interface ServiceObjectOptions {
  readonly name: string;
  readonly selector: Record<string, string>;
  readonly ports: readonly ServicePort[];
  /** @default ClusterIP */
  readonly type?: string;
  /** `None` makes the Service headless. @default a cluster IP is allocated */
  readonly clusterIP?: 'None';
  /** Annotations over `servicesAnnotations`. @default none */
  readonly annotations?: Record<string, string>;
  /** Only for NodePort and LoadBalancer Services. @default the API server's (Cluster) */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Publish pods before they are Ready (peer discovery). @default false */
  readonly publishNotReadyAddresses?: boolean;
}

export function serviceObject(
  scope: Construct,
  id: string,
  cluster: ClusterContext,
  options: ServiceObjectOptions,
): ApiObject {
  const annotations = { ...cluster.spec.services?.servicesAnnotations, ...options.annotations };
  const ipFamily = serviceIpFamily(cluster.spec);
  return kubeObject(scope, id, 'Service', {
    metadata: objectMeta(cluster, options.name, { annotations }),
    spec: {
      type: options.type ?? 'ClusterIP',
      ...(options.clusterIP ? { clusterIP: options.clusterIP } : {}),
      // One family, so the Service never becomes dual-stack behind the spec's back.
      ...(ipFamily ? { ipFamilyPolicy: 'SingleStack', ipFamilies: [ipFamily] } : {}),
      ...(options.externalTrafficPolicy ? { externalTrafficPolicy: options.externalTrafficPolicy } : {}),
      ...(options.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      selector: options.selector,
      ports: options.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })),
    },
  });
}
