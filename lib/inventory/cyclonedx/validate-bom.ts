import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { Invalid } from '@/lib/errors';

const SPEC_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'inventory', 'cyclonedx', 'spec');
const MAX_ISSUES = 10;
let validator: ValidateFunction | undefined;

/** The official 1.6 schema with the two it references, registered under their own ids and compiled once. */
function load(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
  ajv.addSchema(read('spdx.schema.json'));
  ajv.addSchema(read('jsf-0.82.schema.json'));
  return ajv.compile(read('bom-1.6.schema.json'));
}

/** Refuses a document the CycloneDX 1.6 schema refuses, naming where (`bom/components/0/hashes/0/content`) and which rule. */
export function assertValidBom(bom: unknown): void {
  validator ??= load();
  if (validator(bom)) return;
  const errors = validator.errors ?? [];
  const issues = errors.slice(0, MAX_ISSUES).map((e) => ({ path: `bom${e.instancePath}`, message: `${e.message ?? 'is not valid'} (schema ${e.schemaPath})` }));
  const more = errors.length > MAX_ISSUES ? ` (the first ${MAX_ISSUES} of ${errors.length} shown)` : '';
  throw new Invalid(`The BOM does not validate against the CycloneDX 1.6 schema${more}. Nothing was imported.`, issues);
}
