/**
 * "May I?", asked of the API server (a SelfSubjectAccessReview, which every authenticated identity
 * may make): how the runner learns what its install granted, instead of guessing from its flags.
 */
import type { KubeClient, KubeObject } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';

/** An API group and resource, as RBAC rules name them. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export function groupResource(type: ResourceType): GroupResource {
  return { group: type.apiVersion.includes('/') ? type.apiVersion.split('/')[0]! : '', resource: type.plural };
}

/** True when this identity may `verb` `what` in `namespace` (cluster-wide without one). */
export async function mayDo(
  client: KubeClient,
  what: GroupResource,
  verb: string,
  namespace?: string,
): Promise<boolean> {
  const { group, resource } = what;
  const review = await client.create<KubeObject & { status?: { allowed?: boolean } }>({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: {} as KubeObject['metadata'],
    spec: { resourceAttributes: { group, resource, verb, ...(namespace ? { namespace } : {}) } },
  });
  return review.status?.allowed === true;
}
