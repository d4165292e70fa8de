/**
 * Rules that span fields of one spec (odd node count, mutually exclusive options). `self` in the
 * CEL is the spec object; defaults are spelled out with `has()` because the API server sees the
 * manifest as written, while the zod side sees it with defaults applied.
 */
import type { z } from 'zod';
import type { Rule } from './rule.js';
import { DNS_SUBDOMAIN, celPattern } from './names-format.js';
import type { clusterSpecShape } from './schema.js';

type Spec = z.output<typeof clusterSpecShape>;

const present = (v: string | undefined): boolean => v !== undefined && v.length > 0;

/** Names of Secrets: Kubernetes Secret names, unless the credentials live in Vault (then they are paths). */
function secretNameRule(field: 'clusterCredentialSecretName' | 'licenseSecretName'): Rule<Spec> {
  return {
    path: [field],
    holds: (s) => s[field] === undefined || s.clusterCredentialSecretType === 'vault' || (s[field].length <= 253 && DNS_SUBDOMAIN.test(s[field])),
    message: () => "must be a valid Secret name: lowercase letters, digits, '-' and '.', at most 253 characters (or a Vault path, with clusterCredentialSecretType: vault)",
    cel: `!has(self.${field}) || (has(self.clusterCredentialSecretType) && self.clusterCredentialSecretType == 'vault') || (size(self.${field}) <= 253 && self.${field}.matches('${celPattern(DNS_SUBDOMAIN)}'))`,
  };
}

export const clusterRules: readonly Rule<Spec>[] = [
  secretNameRule('clusterCredentialSecretName'),
  secretNameRule('licenseSecretName'),
  {
    path: ['nodes'],
    holds: (s) => s.nodes >= 3 && s.nodes % 2 === 1,
    message: (s) => `must be odd and at least 3 (got ${s?.nodes})`,
    cel: '!has(self.nodes) || (self.nodes >= 3 && self.nodes % 2 == 1)',
    // format() rather than string(int): the API server cannot bound the size of string(int) and refuses the rule's cost.
    celMessageExpression: `'must be odd and at least 3 (got %d)'.format([self.nodes])`,
  },
  {
    path: ['licenseSecretName'],
    holds: (s) => !(present(s.license) && present(s.licenseSecretName)),
    message: () => 'must not be set together with license: give the license inline or in a Secret, not both',
    cel: '!(has(self.license) && size(self.license) > 0 && has(self.licenseSecretName) && size(self.licenseSecretName) > 0)',
  },
  {
    path: ['antiAffinityAdditionalTopologyKeys'],
    holds: (s) => !(s.podAntiAffinity !== undefined && s.antiAffinityAdditionalTopologyKeys !== undefined),
    message: () => 'must not be set together with podAntiAffinity: podAntiAffinity replaces the default rule these keys extend',
    cel: '!(has(self.podAntiAffinity) && has(self.antiAffinityAdditionalTopologyKeys))',
  },
];
