/**
 * Whether this runner may make what a REC's ingress method asks for. Each method's kinds are
 * enabled by the runner's install (`rec-cdk8s install --ingress | --istio | --openshift-route`),
 * which grants the permissions and runs the runner with the same flag; without it the runner
 * neither watches nor may write them, so it applies nothing for the REC and says which flag to
 * install with, rather than apply the rest and fail half-way.
 */
import type { ParsedClusterSpec } from '../api/schema.js';
import { ingressOrRoute, type IngressMethod } from '../api/external-access.js';
import { INGRESS_METHOD_KINDS } from '../api/ingress-kinds.js';

export const INGRESS_METHOD_NOT_ENABLED = 'IngressMethodNotEnabled';

/** Why the spec's ingress method cannot be applied by a runner that enables `enabled`; undefined when it can. */
export function ingressMethodNotEnabled(
  spec: ParsedClusterSpec,
  enabled: ReadonlySet<IngressMethod>,
): string | undefined {
  const access = ingressOrRoute(spec);
  if (!access || enabled.has(access.method)) return undefined;
  const { kinds, flag } = INGRESS_METHOD_KINDS[access.method];
  const what = kinds.map((k) => `${k.kind} (${k.apiVersion})`).join(' and ');
  return `spec.${access.field}.method ${access.method} needs ${what}, which this runner's install does not enable: install the runner with \`rec-cdk8s install ${flag}\` (it grants them and runs \`rec-cdk8s run ${flag}\`); nothing was applied`;
}
