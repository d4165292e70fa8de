/**
 * Writes the CRD generated from the spec schema to imports/, where it is committed, and where
 * `cdk8s import` reads it to generate the typed RedisEnterpriseCluster class. A unit test fails
 * when the committed file drifts from the schema; run `npm run generate` after a schema change.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crdYaml, CRD_FILE } from '../lib/api/crd/crd-file.js';

const target = fileURLToPath(new URL(`../${CRD_FILE}`, import.meta.url));
writeFileSync(target, crdYaml());
process.stdout.write(`wrote ${CRD_FILE}\n`);
