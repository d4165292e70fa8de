/**
 * What a spec asks for in outside access and Services, resolved in one place: the constructs
 * build from these, the runner checks its install against them, and the status reports them
 * (`ingressOrRouteMethodStatus`, `redisEnterpriseIPFamily`). Pure functions of the parsed spec.
 */
import type { ParsedClusterSpec } from './schema.js';
import type { IngressMethod } from './external-access-schema.js';

export type { IngressMethod } from './external-access-schema.js';

/** `ingressOrRouteSpec`, or the older `activeActive` in the same terms (the schema allows at most one). */
export interface IngressOrRoute {
  /** The spec field it came from, for messages. */
  readonly field: 'ingressOrRouteSpec' | 'activeActive';
  readonly method: IngressMethod;
  /** `apiFqdnUrl` (`apiIngressUrl`): the REST API's host. */
  readonly apiHost: string;
  /** `dbFqdnSuffix` (`dbIngressSuffix`): a database's host is its name followed by this. */
  readonly databaseHostSuffix: string;
  /** `ingressAnnotations`, on every object made for the method. */
  readonly annotations: Readonly<Record<string, string>>;
}

export function ingressOrRoute(spec: ParsedClusterSpec): IngressOrRoute | undefined {
  const current = spec.ingressOrRouteSpec;
  if (current) {
    return {
      field: 'ingressOrRouteSpec',
      method: current.method,
      apiHost: current.apiFqdnUrl,
      databaseHostSuffix: current.dbFqdnSuffix,
      annotations: current.ingressAnnotations ?? {},
    };
  }
  const older = spec.activeActive;
  if (older) {
    return {
      field: 'activeActive',
      method: older.method,
      apiHost: older.apiIngressUrl,
      databaseHostSuffix: older.dbIngressSuffix,
      annotations: older.ingressAnnotations ?? {},
    };
  }
  return undefined;
}

/** The official status field `ingressOrRouteMethodStatus`: the method in effect, from either field. */
export function ingressOrRouteMethod(spec: ParsedClusterSpec): IngressMethod | undefined {
  return ingressOrRoute(spec)?.method;
}

/** The host pattern of every database: `*` in place of the database name. */
export function databaseHostPattern(access: IngressOrRoute): string {
  return `*${access.databaseHostSuffix}`;
}

/** The per-node LoadBalancer Services of `ossClusterSettings.externalAccessType: LoadBalancer`. */
export interface NodeLoadBalancers {
  /**
   * `loadBalancer.serviceAnnotations`: they go over `services.servicesAnnotations`, as the doc says
   * they merge (every Service of a cluster gets those: constructs/service-object.ts).
   */
  readonly annotations: Readonly<Record<string, string>>;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
}

export function nodeLoadBalancers(spec: ParsedClusterSpec): NodeLoadBalancers | undefined {
  const settings = spec.ossClusterSettings;
  if (settings?.externalAccessType !== 'LoadBalancer') return undefined;
  return {
    annotations: settings.loadBalancer?.serviceAnnotations ?? {},
    // The official default: Local when in-cluster clients are named by podCIDRs (their source IPs
    // must reach the node unchanged), Cluster otherwise.
    externalTrafficPolicy:
      settings.loadBalancer?.externalTrafficPolicy ?? ((settings.podCIDRs?.length ?? 0) > 0 ? 'Local' : 'Cluster'),
  };
}

/** `redisEnterpriseServicesConfiguration.cmServer.operatingMode: disabled` removes the UI Service. */
export function uiServiceEnabled(spec: ParsedClusterSpec): boolean {
  return spec.redisEnterpriseServicesConfiguration?.cmServer?.operatingMode !== 'disabled';
}

/** `redisEnterpriseIPFamily`: the single IP family of every Service, or undefined (the cluster's default). */
export function serviceIpFamily(spec: ParsedClusterSpec): 'IPv4' | 'IPv6' | undefined {
  return spec.redisEnterpriseIPFamily;
}
