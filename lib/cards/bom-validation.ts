import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

/** Test support (never imported by the app): the official CycloneDX 1.6 schemas from the shared fixtures, and a validator. */
const CYCLONEDX = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'cyclonedx');
export const readCycloneDxFixture = (name: string) => JSON.parse(fs.readFileSync(path.join(CYCLONEDX, name), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(readCycloneDxFixture('spdx.schema.json'));
ajv.addSchema(readCycloneDxFixture('jsf-0.82.schema.json'));
const validateBom = ajv.compile(readCycloneDxFixture('bom-1.6.schema.json'));

/** Every schema error of a BOM as "path message"; empty when it validates. */
export const bomErrors = (bom: unknown) => (validateBom(JSON.parse(JSON.stringify(bom))) ? [] : validateBom.errors!.map((e) => `${e.instancePath} ${e.message}`));
