/**
 * Two RECs of one name in one namespace render the same objects (one StatefulSet, one Secret, ...
 * under the same names): applied together, the second silently overwrites the first. The API
 * server cannot see it, since the objects arrive one at a time; a file holding both is refused,
 * naming both documents.
 */
import { shown } from '../spec/shown.js';

export class ClusterNamesSeen {
  private readonly seen = new Map<string, string>();

  /** The problem with `label`'s REC when an earlier document of the file has its name and namespace. */
  problem(label: string, name: string | undefined, namespace: string | undefined): { path: string; message: string } | undefined {
    if (name === undefined) return undefined;
    const key = `${namespace ?? ''}/${name}`;
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, label);
      return undefined;
    }
    const where = namespace === undefined ? 'with no namespace' : `in namespace ${shown(namespace)}`;
    return {
      path: 'metadata.name',
      message: `must be unique in its namespace within a file: ${first} is also a REC of this name ${where}, and both would render the same objects (got ${shown(name)})`,
    };
  }
}
