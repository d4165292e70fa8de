/**
 * The Kubernetes objects in the documents read: a `kind: List` (what `kubectl get -o yaml`
 * writes) is unpacked into its items, nested Lists too, so each object is checked on its own and
 * messages name it: `rec.yaml: items[1] (rec/payments): spec.nodes: ...`.
 */
import { KIND } from '../api/manifest.js';
import { cutText } from '../api/shown.js';
import { InputError, describeKind, isMapping, type SourceDocument } from './read-manifests.js';

export interface ManifestObject {
  /** Where the object is: `file`, `file: document 2`, `file: items[0].items[3]`. */
  readonly where: string;
  /** How messages name it: `where`, plus `(rec/name)` for a List item so the index need not be counted. */
  readonly label: string;
  readonly value: Record<string, unknown>;
}

/** Lists in Lists are legal but rare; the bound stops a pathological file, not a real one. */
export const MAX_LIST_DEPTH = 5;

/** `kind: List`, or a typed list such as `RedisEnterpriseClusterList` (what the API returns). */
function isList(value: Record<string, unknown>): boolean {
  return (
    value.kind === 'List' ||
    (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))
  );
}

/** `rec/payments` for a REC (kubectl's short name), `Namespace/redis` for others; cut when long. */
export function objectName(value: Record<string, unknown>): string {
  const kind = value.kind === KIND ? 'rec' : typeof value.kind === 'string' ? value.kind : '(no kind)';
  const name = isMapping(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '(no name)';
  return cutText(`${kind}/${name}`);
}

function unpack(
  value: Record<string, unknown>,
  where: string,
  path: string,
  depth: number,
  out: ManifestObject[],
): void {
  if (!isList(value)) {
    out.push({
      where: `${where}${path ? `: ${path}` : ''}`,
      label: path ? `${where}: ${path} (${objectName(value)})` : where,
      value,
    });
    return;
  }
  const at = `${where}${path ? `: ${path}` : ''}`;
  if (depth >= MAX_LIST_DEPTH) throw new InputError(`${at}: Lists nested more than ${MAX_LIST_DEPTH} deep`);
  if (!Array.isArray(value.items))
    throw new InputError(`${at}: kind ${cutText(String(value.kind))} without an items list`);
  value.items.forEach((item: unknown, i) => {
    const itemPath = `${path ? `${path}.` : ''}items[${i}]`;
    if (!isMapping(item)) throw new InputError(`${where}: ${itemPath}: not a YAML mapping (got ${describeKind(item)})`);
    unpack(item, where, itemPath, depth + 1, out);
  });
}

/** Every object in `documents`, Lists unpacked, in file order. */
export function manifestObjects(documents: readonly SourceDocument[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of documents) unpack(doc.value, doc.label, '', 0, out);
  return out;
}
