/**
 * Rules on a change of spec: what the previous spec allows the next one to be. The CEL side is a
 * transition rule on `spec` (`oldSelf` is the stored spec), so the API server refuses the edit;
 * the zod side is what `validate --previous` and the runner run against the last applied spec.
 */
import type { ParsedClusterSpec } from './schema.js';
import { DEFAULT_RESOURCES } from './schema.js';
import { celValueOr } from './rule.js';
import { effectiveVolumeSize } from './effective.js';
import { quantityValue } from './quantity.js';

export interface EditRule {
  readonly path: readonly string[];
  holds(previous: ParsedClusterSpec, next: ParsedClusterSpec): boolean;
  /** Called without the specs for the CRD when there is no `celMessageExpression` (see `Rule.message`). */
  message(previous?: ParsedClusterSpec, next?: ParsedClusterSpec): string;
  /** CEL over `self` (next spec) and `oldSelf` (stored spec). */
  readonly cel: string;
  readonly celMessageExpression?: string;
}

const nodesOf = (root: string) => celValueOr(root, ['nodes'], '3');
const storageClassOf = (root: string) => celValueOr(root, ['persistentSpec', 'storageClassName'], "''");
const persistenceOf = (root: string) => celValueOr(root, ['persistentSpec', 'enabled'], 'true');

/** CEL for the memory a node requests: requests, else limits, else the default. */
function memoryOf(root: string): string {
  const resources = `${root}.redisEnterpriseNodeResources`;
  const fromRequests = `has(${resources}) && has(${resources}.requests) && 'memory' in ${resources}.requests`;
  const fromLimits = `has(${resources}) && has(${resources}.limits) && 'memory' in ${resources}.limits`;
  return `(${fromRequests} ? string(${resources}.requests['memory']) : (${fromLimits} ? string(${resources}.limits['memory']) : '${DEFAULT_RESOURCES.redisEnterpriseNode.memory}'))`;
}

/** CEL for the effective volume size in bytes (float), mirroring `effectiveVolumeSize`. */
function volumeBytesOf(root: string): string {
  const explicit = `has(${root}.persistentSpec) && has(${root}.persistentSpec.volumeSize)`;
  return `(${explicit} ? quantity(string(${root}.persistentSpec.volumeSize)).asApproximateFloat() : 5.0 * quantity(${memoryOf(root)}).asApproximateFloat())`;
}

/** CEL guard: both sizes parse, so the size rules only speak when the format rules are satisfied. */
function volumeSizesParse(): string {
  const parses = (root: string) =>
    `(!has(${root}.persistentSpec) || !has(${root}.persistentSpec.volumeSize) || isQuantity(string(${root}.persistentSpec.volumeSize))) && isQuantity(${memoryOf(root)})`;
  return `${parses('self')} && ${parses('oldSelf')}`;
}

const bytes = (spec: ParsedClusterSpec) => quantityValue(effectiveVolumeSize(spec));

const ipFamilyOf = (root: string) => celValueOr(root, ['redisEnterpriseIPFamily'], "'unset'");
const IP_FAMILY_WHY =
  "every Service of the cluster was made in it, and the API server never changes a Service's primary IP family";
/** The flash claim template of a spec, as the edit rule compares it: absent unless enabled. */
function flashOf(spec: ParsedClusterSpec): string {
  const flash = spec.redisOnFlashSpec;
  if (!flash?.enabled) return 'none';
  const size = flash.flashDiskSize === undefined ? '' : String(quantityValue(flash.flashDiskSize));
  return `${flash.storageClassName} ${size}`;
}
const flashOnCel = (root: string) => `(has(${root}.redisOnFlashSpec) && ${root}.redisOnFlashSpec.enabled)`;
const flashSizeCel = (root: string) =>
  `(has(${root}.redisOnFlashSpec.flashDiskSize) && isQuantity(string(${root}.redisOnFlashSpec.flashDiskSize)) ? quantity(string(${root}.redisOnFlashSpec.flashDiskSize)).asApproximateFloat() : -1.0)`;

export const editRules: readonly EditRule[] = [
  {
    path: ['nodes'],
    holds: (prev, next) => next.nodes >= prev.nodes,
    message: (prev, next) =>
      `must not decrease (was ${prev?.nodes}, got ${next?.nodes}): removing nodes is not supported`,
    cel: `${nodesOf('self')} >= ${nodesOf('oldSelf')}`,
    celMessageExpression: `'must not decrease (was %d, got %d): removing nodes is not supported'.format([${nodesOf('oldSelf')}, ${nodesOf('self')}])`,
  },
  {
    path: ['persistentSpec', 'enabled'],
    holds: (prev, next) => prev.persistentSpec.enabled === next.persistentSpec.enabled,
    message: () => 'cannot change after creation: the volume claim template is immutable',
    cel: `${persistenceOf('self')} == ${persistenceOf('oldSelf')}`,
  },
  {
    path: ['persistentSpec', 'storageClassName'],
    holds: (prev, next) =>
      (prev.persistentSpec.storageClassName ?? '') === (next.persistentSpec.storageClassName ?? ''),
    message: (prev, next) =>
      `cannot change after creation (was "${prev?.persistentSpec.storageClassName ?? ''}", got "${next?.persistentSpec.storageClassName ?? ''}")`,
    cel: `${storageClassOf('self')} == ${storageClassOf('oldSelf')}`,
    celMessageExpression: `'cannot change after creation (was "' + ${storageClassOf('oldSelf')} + '", got "' + ${storageClassOf('self')} + '")'`,
  },
  {
    path: ['persistentSpec', 'volumeSize'],
    holds: (prev, next) => bytes(next) >= bytes(prev),
    message: () => 'must not shrink: volumes can only grow',
    cel: `!(${volumeSizesParse()}) || ${volumeBytesOf('self')} >= ${volumeBytesOf('oldSelf')}`,
  },
  {
    path: ['persistentSpec', 'volumeSize'],
    holds: (prev, next) => bytes(next) <= bytes(prev) || next.persistentSpec.enablePersistentVolumeResize,
    message: () => 'can grow only with persistentSpec.enablePersistentVolumeResize: true',
    cel: `!(${volumeSizesParse()}) || ${volumeBytesOf('self')} <= ${volumeBytesOf('oldSelf')} || ${celValueOr('self', ['persistentSpec', 'enablePersistentVolumeResize'], 'false')}`,
  },
  {
    path: ['redisEnterpriseIPFamily'],
    holds: (prev, next) => prev.redisEnterpriseIPFamily === next.redisEnterpriseIPFamily,
    message: (prev, next) =>
      `cannot change after creation (was ${prev?.redisEnterpriseIPFamily ?? 'unset'}, got ${next?.redisEnterpriseIPFamily ?? 'unset'}): ${IP_FAMILY_WHY}`,
    cel: `${ipFamilyOf('self')} == ${ipFamilyOf('oldSelf')}`,
    celMessageExpression: `'cannot change after creation (was ' + ${ipFamilyOf('oldSelf')} + ', got ' + ${ipFamilyOf('self')} + '): ${IP_FAMILY_WHY.replace(/'/g, "\\'")}'`,
  },
  {
    // Each node's flash claim comes from a claim template, which a StatefulSet cannot change, and
    // the official operator does not support growing flash volumes either.
    path: ['redisOnFlashSpec'],
    holds: (prev, next) => flashOf(prev) === flashOf(next),
    message: () =>
      'cannot be turned on or off, nor change its storageClassName or flashDiskSize, after creation: the flash volume claim template is immutable',
    cel:
      `${flashOnCel('self')} == ${flashOnCel('oldSelf')} && (!${flashOnCel('self')} || ` +
      `(self.redisOnFlashSpec.storageClassName == oldSelf.redisOnFlashSpec.storageClassName && ${flashSizeCel('self')} == ${flashSizeCel('oldSelf')}))`,
  },
];
