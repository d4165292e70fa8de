/**
 * The shapes of the spec fields we accept and do not act on (lib/spec/not-acted-on.ts), so an
 * editor completes and documents them as the official operator defines them. Types only: the
 * schema keeps these fields as written, whatever they hold (nothing here runs). The shapes and
 * type names follow the official API reference (`redis_enterprise_cluster_api.md` in
 * RedisLabs/redis-enterprise-k8s-docs, operator 8.0); what each does there is said at its field
 * in spec-types.ts. Written by hand: the spec types generator (scripts/spec-types.ts) refers to
 * them by name and fails when one is missing.
 */

/** Where audit records of database connections and authentications are sent. */
export interface AuditingConfig {
  /**
   * `TCP` (production) or `local` (a file, for development).
   * @default - required
   */
  readonly auditProtocol: 'TCP' | 'local';
  /**
   * IP address of the audit listener (TCP), or the file path (local).
   * @default - required
   */
  readonly auditAddress: string;
  /**
   * Port of the audit listener (TCP only).
   * @default - none
   */
  readonly auditPort?: number;
  /**
   * Seconds between attempts to reconnect to the listener.
   * @default 1
   */
  readonly auditReconnectInterval?: number;
  /**
   * Attempts to reconnect to the listener; 0 is without end.
   * @default 0
   */
  readonly auditReconnectMaxAttempts?: number;
}

/** Cluster-wide auditing of database connections and authentications. */
export interface AuditingConfiguration {
  /**
   * The audit listener.
   * @default - none
   */
  readonly config?: AuditingConfig;
  /**
   * Audit connections of new databases by default.
   * @default - none
   */
  readonly dbConnsAuditing?: boolean;
}

/** Backups to S3 or S3-compatible storage. */
export interface S3Backup {
  /**
   * URL for S3 export and import.
   * @default - none
   */
  readonly url?: string;
  /**
   * Secret holding the S3 CA certificate under the key `cert`.
   * @default - none
   */
  readonly caCertificateSecretName?: string;
}

/** Cluster-wide backup settings. */
export interface Backup {
  /**
   * Backups to S3 or S3-compatible storage.
   * @default - none
   */
  readonly s3?: S3Backup;
}

/**
 * Secrets with the certificates of the cluster's endpoints: each holds a `certificate` (or
 * `cert`, `tls.crt`) and a `key` (or `tls.key`) in PEM.
 */
export interface RSClusterCertificates {
  /**
   * Certificate of the REST API.
   * @default - a self-signed one
   */
  readonly apiCertificateSecretName?: string;
  /**
   * Certificate of the Cluster Manager UI.
   * @default - a self-signed one
   */
  readonly cmCertificateSecretName?: string;
  /**
   * Certificate of the metrics exporter.
   * @default - a self-signed one
   */
  readonly metricsExporterCertificateSecretName?: string;
  /**
   * Certificate of the proxy (database endpoints).
   * @default - a self-signed one
   */
  readonly proxyCertificateSecretName?: string;
  /**
   * Certificate of the syncer (Active-Active and Replica Of).
   * @default - a self-signed one
   */
  readonly syncerCertificateSecretName?: string;
  /**
   * Client certificate for LDAP.
   * @default - none
   */
  readonly ldapClientCertificateSecretName?: string;
  /**
   * Certificate of data plane internode encryption.
   * @default - a self-signed one
   */
  readonly dpInternodeEncryptionCertificateSecretName?: string;
  /**
   * Certificate of control plane internode encryption.
   * @default - a self-signed one
   */
  readonly cpInternodeEncryptionCertificateSecretName?: string;
  /**
   * Service provider certificate for SSO.
   * @default - none
   */
  readonly ssoServiceCertificateSecretName?: string;
  /**
   * Identity provider certificate for SSO.
   * @default - none
   */
  readonly ssoIssuerCertificateSecretName?: string;
}

/** The search scope of an LDAP query. */
export type LDAPSearchScope = 'BaseObject' | 'SingleLevel' | 'WholeSubtree';

/** An LDAP search. */
export interface LDAPQuery {
  /**
   * Distinguished name where the search starts, e.g. `ou=dev,dc=example,dc=com`.
   * @default - required
   */
  readonly base: string;
  /**
   * RFC 4515 filter; `%u` is the user name (authentication), `%D` the user's DN (authorization).
   * @default - required
   */
  readonly filter: string;
  /**
   * How deep the search goes.
   * @default - required
   */
  readonly scope: LDAPSearchScope;
}

/** From a user name to its LDAP distinguished name: a template or a query. */
export interface LDAPAuthenticationQuery {
  /**
   * A DN template; `%u` is the user name, e.g. `cn=%u,ou=dev,dc=example,dc=com`.
   * @default - none
   */
  readonly template?: string;
  /**
   * A search instead of a template.
   * @default - none
   */
  readonly query?: LDAPQuery;
}

/** From a user's distinguished name to its groups: an attribute or a query. */
export interface LDAPAuthorizationQuery {
  /**
   * The user attribute listing its groups, e.g. `memberOf`.
   * @default - none
   */
  readonly attribute?: string;
  /**
   * A search instead of an attribute.
   * @default - none
   */
  readonly query?: LDAPQuery;
}

/** An LDAP server. */
export interface LDAPServer {
  /**
   * Host name of the server.
   * @default - required
   */
  readonly host: string;
  /**
   * Port of the server.
   * @default - 389 (LDAP, STARTTLS) or 636 (LDAPS)
   */
  readonly port?: number;
}

/** LDAP authentication and authorization of the cluster's users. */
export interface LDAPSpec {
  /**
   * `LDAP`, `LDAPS` or `STARTTLS`.
   * @default - required
   */
  readonly protocol: 'LDAP' | 'LDAPS' | 'STARTTLS';
  /**
   * The servers (one organization tree).
   * @default - required
   */
  readonly servers: LDAPServer[];
  /**
   * Secret with the `dn` and `password` used to query the server.
   * @default - no credentials
   */
  readonly bindCredentialsSecretName?: string;
  /**
   * Secret with the CA certificate (key `cert`) of LDAPS or STARTTLS.
   * @default - none
   */
  readonly caCertificateSecretName?: string;
  /**
   * LDAP for the control plane (UI and REST API).
   * @default false
   */
  readonly enabledForControlPlane?: boolean;
  /**
   * LDAP for the data plane (databases).
   * @default false
   */
  readonly enabledForDataPlane?: boolean;
  /**
   * Longest time an entry stays cached, in seconds.
   * @default - none
   */
  readonly cacheTTLSeconds?: number;
  /**
   * From a user name to its DN.
   * @default - required
   */
  readonly authenticationQuery: LDAPAuthenticationQuery;
  /**
   * From a DN to its groups.
   * @default - required
   */
  readonly authorizationQuery: LDAPAuthorizationQuery;
  /**
   * Timeout of a connection to the server, in seconds.
   * @default - none
   */
  readonly directoryTimeoutSeconds?: number;
  /**
   * LDAP as an identity source for certificate-based authentication.
   * @default false
   */
  readonly cba?: boolean;
  /**
   * Which part of the certificate subject is looked up.
   * @default - none
   */
  readonly cbaIdentitySource?: 'SubjectCN' | 'SubjectOID';
  /**
   * The OID, with `cbaIdentitySource: SubjectOID`.
   * @default - none
   */
  readonly cbaIdentityOid?: string;
}

/** OCSP stapling of the proxy certificate. */
export interface OcspConfiguration {
  /**
   * Turn OCSP on.
   * @default - none
   */
  readonly ocspFunctionality?: boolean;
  /**
   * Seconds between polls of the OCSP responder (60 to 86400).
   * @default - none
   */
  readonly queryFrequency?: number;
  /**
   * Seconds to wait for the responder (1 to 60).
   * @default - none
   */
  readonly responseTimeout?: number;
  /**
   * Seconds between polls while the staple is invalid (60 to 86400).
   * @default - none
   */
  readonly recoveryFrequency?: number;
  /**
   * Polls while the staple is invalid before the regular frequency again (1 to 100).
   * @default - none
   */
  readonly recoveryMaxTries?: number;
}

/** High availability of replica shards. */
export interface SlaveHA {
  /**
   * Seconds from a node failure to the relocation of its shards; 0 leaves the cluster's setting.
   * @default 1800
   */
  readonly slaveHAGracePeriod: number;
}

/** A SAML identity provider, when its metadata is not in a Secret. */
export interface SAMLIssuerSpec {
  /**
   * Entity ID of the identity provider.
   * @default - required
   */
  readonly entityID: string;
  /**
   * Its SSO login URL.
   * @default - required
   */
  readonly loginURL: string;
  /**
   * Its single logout URL.
   * @default - none
   */
  readonly logoutURL?: string;
}

/** The SAML service provider (the cluster). */
export interface SAMLServiceProviderSpec {
  /**
   * `[scheme://]host[:port]` the service provider URLs are made from.
   * @default - from the UI Service
   */
  readonly baseAddress?: string;
}

/** SAML single sign-on. */
export interface SAMLSpec {
  /**
   * Secret with the identity provider's metadata XML (key `idp_metadata`).
   * @default - none
   */
  readonly idpMetadataSecretName?: string;
  /**
   * The identity provider, when its metadata is not in a Secret.
   * @default - none
   */
  readonly issuer?: SAMLIssuerSpec;
  /**
   * Secret the service provider metadata is written to (key `sp_metadata`).
   * @default - none
   */
  readonly spMetadataSecretName?: string;
  /**
   * The service provider.
   * @default - none
   */
  readonly serviceProvider?: SAMLServiceProviderSpec;
}

/** Single sign-on to the Cluster Manager UI. */
export interface SSOSpec {
  /**
   * Turn it on.
   * @default - required
   */
  readonly enabled: boolean;
  /**
   * SSO only for users other than the admin.
   * @default false
   */
  readonly enforceSSO?: boolean;
  /**
   * SAML settings (the only protocol).
   * @default - required
   */
  readonly saml: SAMLSpec;
}
