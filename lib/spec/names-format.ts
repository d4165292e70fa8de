/**
 * Name formats the API server enforces on the objects we derive from a spec. We check them in the
 * spec, up front, so a bad name is refused with the field that carries it instead of failing at
 * apply time on an object the user never wrote.
 */

/** RFC 1123 label: Service, namespace-like names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: what a Service name must be (starts with a letter). */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: Secrets, ServiceAccounts, PriorityClasses. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label key: optional DNS-subdomain prefix, then a name of at most 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The longest REC name whose derived names all stay valid: `<rec>-service-broker` must be a
 * DNS-1035 label (<= 63), and the StatefulSet's `controller-revision-hash` label value
 * (`<rec>-<10 chars>`) must stay <= 63 characters.
 */
export const MAX_CLUSTER_NAME_LENGTH = 48;

/** Where a JavaScript regex and a CEL (RE2) regex are the same text, share the source. */
export function celPattern(pattern: RegExp): string {
  return pattern.source.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
