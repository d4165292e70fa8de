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
export const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

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

/**
 * The name part of a qualified name (label and annotation keys, topology keys): at most 63
 * alphanumerics, '-', '_' and '.', starting and ending alphanumeric. LABEL_KEY checks the form;
 * the prefix (before '/') must also be at most 253 characters, which a regex says badly.
 */
export const MAX_KEY_PREFIX = 253;
export const MAX_KEY_LENGTH = MAX_KEY_PREFIX + 1 + 63;

/** A label key or node selector key, as `ValidateLabels` checks it. */
export function isLabelKey(key: string): boolean {
  return key.indexOf('/') <= MAX_KEY_PREFIX && LABEL_KEY.test(key);
}
/** The same in CEL, over the expression `k`. */
export const celLabelKey = (k: string) =>
  `(${k}.indexOf('/') <= ${MAX_KEY_PREFIX} && ${k}.matches('${celPattern(LABEL_KEY)}'))`;

/** Annotation keys: the API server lowercases them before checking them as qualified names. */
export function isAnnotationKey(key: string): boolean {
  return isLabelKey(key.toLowerCase());
}
export const celAnnotationKey = (k: string) => celLabelKey(`${k}.lowerAscii()`);

/** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** A container port name (IANA service name): at most 15 of a-z, 0-9 and single '-' inside, with a letter. */
export const PORT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_PORT_NAME = 15;
export function isPortName(name: string): boolean {
  return name.length <= MAX_PORT_NAME && PORT_NAME.test(name) && /[a-z]/.test(name);
}
export const celPortName = (n: string) =>
  `(size(${n}) <= ${MAX_PORT_NAME} && ${n}.matches('${celPattern(PORT_NAME)}') && ${n}.matches('[a-z]'))`;

/**
 * An environment variable name as Kubernetes 1.34+ checks it (RelaxedEnvironmentVariableValidation,
 * GA): printable ASCII except '='. Older API servers want a C identifier; we follow the current rule
 * so a manifest valid in Kubernetes is never refused here.
 */
export const ENV_VAR_NAME = /^[ -<>-~]+$/;

/**
 * An IP address as a legacy Kubernetes field (hostAliases[].ip) takes it: IPv4 (leading zeros
 * allowed, the legacy parser reads them) or IPv6 without a zone.
 */
export const IPV4_LEGACY =
  /^(0*(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}0*(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
