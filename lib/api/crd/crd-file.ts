import { stringify } from 'yaml';
import { clusterCrd } from './crd.js';

/** Where the generated CRD is committed, relative to the repository root. */
export const CRD_FILE = 'imports/redisenterpriseclusters.app.redislabs.com.yaml';

const HEADER = '# Generated from lib/api by `npm run generate`; do not edit.\n';

/** The CRD exactly as committed. */
export function crdYaml(): string {
  return HEADER + stringify(clusterCrd(), { aliasDuplicateObjects: false, lineWidth: 0 });
}
