/**
 * What a reconcile is asked to converge: one object, by namespace and name, and nothing else
 * (controller-runtime's `reconcile.Request`). Not the event that woke it, not the object as the
 * event carried it: the reconcile reads the latest state from the caches, so ten events for one
 * object are one request, and the work queue collapses them by its key.
 */

/** The object to reconcile. `namespace` is '' for a cluster-scoped object, as in controller-runtime. */
export interface Request {
  readonly namespace: string;
  readonly name: string;
}

/** The request for an object (its own namespace and name). */
export function requestFor(object: {
  readonly metadata: { readonly namespace?: string; readonly name: string };
}): Request {
  return { namespace: object.metadata.namespace ?? '', name: object.metadata.name };
}

/**
 * The one key of a request: `namespace/name`, or `name` for a cluster-scoped object (client-go's
 * MetaNamespaceKeyFunc). What the work queue holds, what logs show, what per-object memory is keyed by.
 */
export function requestKey(request: Request): string {
  return request.namespace ? `${request.namespace}/${request.name}` : request.name;
}

/** The request a key was made from (`requestKey`'s inverse; names hold no '/'). */
export function requestFromKey(key: string): Request {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
