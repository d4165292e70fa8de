/**
 * Writes lib/spec/spec-types.ts, the spec's public types, from the schema (see scripts/spec-types.ts).
 * Part of `npm run generate`; run it after a schema change (a unit test fails until then).
 */
import { writeFileSync } from 'node:fs';
import { SPEC_TYPES_FILE, specTypesSource } from './spec-types.js';

writeFileSync(SPEC_TYPES_FILE, await specTypesSource());
process.stdout.write(`wrote ${SPEC_TYPES_FILE}\n`);
