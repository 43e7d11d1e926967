import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { canonicalJson } from '@/lib/canonical-json';
import { Invalid } from '@/lib/errors';

const SPEC_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'inventory', 'cyclonedx', 'spec');
const MAX_ISSUES = 10;
let validator: ValidateFunction | undefined;

/** Renames every `uniqueItems: true` of the schema to `uniqueByValue`, checked below in linear time. */
function hashUniqueness(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(hashUniqueness);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.uniqueItems === true) {
    delete schema.uniqueItems;
    schema.uniqueByValue = true;
  }
  Object.values(schema).forEach(hashUniqueness);
}

/**
 * The official 1.6 schema with the two it references, registered under their own ids and compiled once. One
 * departure: ajv checks `uniqueItems` pair by pair, 5 s for 2,000 components; the same rule on canonical JSON is linear.
 */
function load(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addKeyword({
    keyword: 'uniqueByValue', type: 'array', errors: false,
    validate: (_: boolean, items: unknown[]) => new Set(items.map((item) => canonicalJson(item))).size === items.length,
  });
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
  ajv.addSchema(read('spdx.schema.json'));
  ajv.addSchema(read('jsf-0.82.schema.json'));
  const bom = read('bom-1.6.schema.json');
  hashUniqueness(bom);
  return ajv.compile(bom);
}

/** Compiles the schema now (0.5-1.4 s), so the first vendor BOM imported does not hold the server for it. */
export function prepareBomValidator() {
  validator ??= load();
}

/** Refuses a document the CycloneDX 1.6 schema refuses, naming where (`bom/components/0/hashes/0/content`) and which rule. */
export function assertValidBom(bom: unknown): void {
  validator ??= load();
  if (validator(bom)) return;
  const errors = validator.errors ?? [];
  const messageOf = (e: (typeof errors)[number]) => (e.keyword === 'uniqueByValue' ? 'must NOT have duplicate items' : (e.message ?? 'is not valid'));
  const issues = errors.slice(0, MAX_ISSUES).map((e) => ({ path: `bom${e.instancePath}`, message: `${messageOf(e)} (schema ${e.schemaPath.replace('uniqueByValue', 'uniqueItems')})` }));
  const more = errors.length > MAX_ISSUES ? ` (the first ${MAX_ISSUES} of ${errors.length} shown)` : '';
  throw new Invalid(`The BOM does not validate against the CycloneDX 1.6 schema${more}. Nothing was imported.`, issues);
}
