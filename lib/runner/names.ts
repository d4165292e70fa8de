/**
 * The runner layer's names: what the runner (and only it) writes into the cluster: field managers,
 * its label, annotation and finalizer, the source of its events. One place. Names of what a REC
 * produces, which the constructs write too, are in lib/api/names.ts.
 */

/** The field manager of every object the runner applies. Stable: changing it orphans field ownership. */
export const FIELD_MANAGER = 'rec-cdk8s';
/** The status writer. */
export const STATUS_FIELD_MANAGER = 'rec-cdk8s-status';
/**
 * The writer of the cleanup finalizer: a manager of its own, so that no other apply of the REC's
 * metadata by the runner can remove it.
 */
export const FINALIZER_FIELD_MANAGER = 'rec-cdk8s-finalizer';

/** On a REC that has cluster-scoped objects, which garbage collection cannot delete (cleanup-finalizer.ts). */
export const CLEANUP_FINALIZER = 'rec-cdk8s.io/cluster-scoped-cleanup';

/**
 * On the StatefulSet: the edit basis (`lib/api/edit-basis.ts`) of the spec it was applied from,
 * for the edit rules when the CRD lacks our CEL rules (as the official one does).
 */
export const EDIT_BASIS_ANNOTATION = 'rec-cdk8s.io/edit-basis';

/** On every object the runner applies; its informers watch by this label. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'rec-cdk8s';
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/** The component named as the source of events. */
export const EVENT_SOURCE = 'rec-cdk8s-runner';
