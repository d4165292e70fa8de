/**
 * The spec fields that decide how a cluster is reached from outside and which Services it gets:
 * `ingressOrRouteSpec` and its older form `activeActive`, `redisEnterpriseIPFamily`,
 * `ossClusterSettings` and `redisEnterpriseServicesConfiguration`. Names, enums and required
 * fields follow the official CRD (crds/rec_crd.yaml of RedisLabs/redis-enterprise-k8s-docs); the
 * rules beyond it refuse what the API server would refuse on the objects made from them.
 */
import { z } from 'zod';
import { annotationMap, text } from './kubernetes-types.js';
import { withRules, type Rule } from './rule.js';
import { DNS_SUBDOMAIN, IPV4_LEGACY, celPattern } from './names-format.js';
import { MAX_CIDR, MAX_NODE_LOAD_BALANCERS, MAX_OBJECT_NAME, MAX_POD_CIDRS } from './bounds.js';

/** How the official operator routes outside traffic (its `IngressMethod`). */
export const INGRESS_METHODS = ['openShiftRoute', 'ingress', 'istio'] as const;
export type IngressMethod = (typeof INGRESS_METHODS)[number];
/** The older `activeActive` field: its CRD enum has no `istio`. */
export const ACTIVE_ACTIVE_METHODS = ['openShiftRoute', 'ingress'] as const;

const HOST_MESSAGE =
  "must be a host name: a DNS subdomain of lowercase letters, digits, '-' and '.', at most 253 characters, not an IP address (such as api-rec-redis.example.com)";

/**
 * The REST API's host: the host of an Ingress rule, a Route and an Istio route. The API server
 * refuses there anything but a DNS subdomain, and an IP address (which it parses leniently:
 * leading zeros are an IP too).
 */
const apiHost = withRules(text(MAX_OBJECT_NAME, 1), [
  {
    holds: (v) => DNS_SUBDOMAIN.test(v) && !IPV4_LEGACY.test(v),
    message: () => HOST_MESSAGE,
    got: (v) => v,
    cel: `self.matches('${celPattern(DNS_SUBDOMAIN)}') && !self.matches('${celPattern(IPV4_LEGACY)}')`,
  },
]);

/** A database's host is its name followed by the suffix: `-db-rec.example.com` and `.db-rec.example.com` both work. */
const HOST_SUFFIX = new RegExp(`^[-.]?${DNS_SUBDOMAIN.source.slice(1)}`);
const hostSuffix = withRules(text(MAX_OBJECT_NAME, 1), [
  {
    holds: (v) => HOST_SUFFIX.test(v),
    message: () =>
      "must be a host name suffix: lowercase letters, digits, '-' and '.', ending with a letter or digit, optionally starting with '-' or '.' (a database's host is its name followed by this suffix, such as .db-rec-redis.example.com)",
    got: (v) => v,
    cel: `self.matches('${celPattern(HOST_SUFFIX)}')`,
  },
]);

export const ingressOrRouteSpec = z.object({
  method: z
    .enum(INGRESS_METHODS)
    .describe('What routes outside traffic: ingress (an Ingress), istio (Gateway and VirtualService), openShiftRoute.'),
  apiFqdnUrl: apiHost.describe('Host of the REST API, routed to the <rec> Service port 9443.'),
  dbFqdnSuffix: hostSuffix.describe(
    'Suffix of the database hosts: <database name><suffix>. The Istio Gateway accepts *<suffix>.',
  ),
  ingressAnnotations: annotationMap
    .optional()
    .describe(
      'Annotations of the objects made for the method (such as the ingress class and ssl-passthrough of the controller).',
    ),
});

export const activeActive = z.object({
  method: z
    .enum(ACTIVE_ACTIVE_METHODS)
    .describe(
      'What routes outside traffic: ingress (an Ingress) or openShiftRoute. Deprecated: use ingressOrRouteSpec.',
    ),
  apiIngressUrl: apiHost.describe('Host of the REST API, routed to the <rec> Service port 9443.'),
  dbIngressSuffix: hostSuffix.describe('Suffix of the database hosts: <database name><suffix>.'),
  ingressAnnotations: annotationMap.optional().describe('Annotations of the Ingress or Route.'),
});

export const redisEnterpriseIPFamily = z
  .enum(['IPv4', 'IPv6'])
  .describe('IP family of every Service the cluster gets (single stack), for dual-stack Kubernetes clusters.');

export const ossClusterSettings = z.object({
  externalAccessType: z
    .enum(['LoadBalancer', 'Disabled'])
    .optional()
    .describe('LoadBalancer: a LoadBalancer Service per node pod (<rec>-<n>-lb). Unset or Disabled: none.'),
  loadBalancer: z
    .object({
      serviceAnnotations: annotationMap
        .optional()
        .describe('Annotations of the per-node LoadBalancer Services, over services.servicesAnnotations.'),
      externalTrafficPolicy: z
        .enum(['Cluster', 'Local'])
        .optional()
        .describe(
          'externalTrafficPolicy of the per-node LoadBalancer Services. Default: Local with podCIDRs, else Cluster.',
        ),
    })
    .optional()
    .describe('The per-node LoadBalancer Services: their annotations and externalTrafficPolicy.'),
  podCIDRs: z
    .array(text(MAX_CIDR))
    .max(MAX_POD_CIDRS)
    .optional()
    .describe(
      'Pod CIDRs of in-cluster clients (passed to Redis Enterprise); makes Local the default externalTrafficPolicy.',
    ),
});

/** One service's switch; the same shape for every service below. */
export const serviceOperatingMode = z.object({
  operatingMode: z.enum(['enabled', 'disabled']).describe('Whether the service runs.'),
});

/** The Redis Enterprise services: only `cmServer` changes a Kubernetes object (disabled: no UI Service). */
export const redisEnterpriseServicesConfiguration = z.object({
  cmServer: serviceOperatingMode.optional().describe('The Cluster Manager UI server: disabled removes the UI Service.'),
  mdnsServer: serviceOperatingMode
    .optional()
    .describe('The multicast DNS server. Passed to Redis Enterprise; not acted on.'),
  statsArchiver: serviceOperatingMode
    .optional()
    .describe('The stats archiver. Passed to Redis Enterprise; not acted on.'),
  saslauthd: serviceOperatingMode.optional().describe('saslauthd. Passed to Redis Enterprise; not acted on.'),
  pdnsServer: serviceOperatingMode.optional().describe('The PDNS server. Deprecated; not acted on.'),
  crdbCoordinator: serviceOperatingMode
    .optional()
    .describe('The CRDB coordinator. Passed to Redis Enterprise; not acted on.'),
  crdbWorker: serviceOperatingMode.optional().describe('The CRDB workers. Passed to Redis Enterprise; not acted on.'),
});

/** The fields above, as they sit in the spec's shape. */
export const externalAccessFields = {
  ingressOrRouteSpec: ingressOrRouteSpec
    .optional()
    .describe('Outside access to the REST API and the databases. At most one of ingressOrRouteSpec and activeActive.'),
  activeActive: activeActive.optional().describe('Deprecated form of ingressOrRouteSpec; not both.'),
  redisEnterpriseIPFamily: redisEnterpriseIPFamily.optional(),
  ossClusterSettings: ossClusterSettings.optional().describe('External access to OSS cluster databases.'),
  redisEnterpriseServicesConfiguration: redisEnterpriseServicesConfiguration
    .optional()
    .describe('Optional Redis Enterprise services; cmServer disabled removes the UI Service.'),
};

/** A bound of ours, not Kubernetes' (the generative test excludes it: EXCLUDED in test/support/spec-fuzz/oracle.ts). */
export const NODE_LOAD_BALANCERS_MESSAGE = `externalAccessType LoadBalancer makes a Service per node: at most ${MAX_NODE_LOAD_BALANCERS} nodes with it`;

/** The spec's cross-field rules over these fields. */
export const externalAccessRules: readonly Rule<{
  nodes: number;
  ingressOrRouteSpec?: unknown;
  activeActive?: unknown;
  ossClusterSettings?: { externalAccessType?: string };
}>[] = [
  // The official API reference: "At most one of ingressOrRouteSpec or activeActive".
  {
    path: ['activeActive'],
    holds: (s) => !(s.ingressOrRouteSpec !== undefined && s.activeActive !== undefined),
    message: () =>
      'must not be set together with ingressOrRouteSpec: activeActive is its deprecated form; keep ingressOrRouteSpec',
    cel: '!(has(self.ingressOrRouteSpec) && has(self.activeActive))',
  },
  {
    path: ['ossClusterSettings'],
    holds: (s) => s.ossClusterSettings?.externalAccessType !== 'LoadBalancer' || s.nodes <= MAX_NODE_LOAD_BALANCERS,
    message: () => NODE_LOAD_BALANCERS_MESSAGE,
    got: (s) => s.nodes,
    cel: `!has(self.ossClusterSettings) || !has(self.ossClusterSettings.externalAccessType) || self.ossClusterSettings.externalAccessType != 'LoadBalancer' || !has(self.nodes) || self.nodes <= ${MAX_NODE_LOAD_BALANCERS}`,
  },
];
