import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { Invalid } from '@/lib/errors';

const SPEC_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'lineage', 'openlineage', 'spec');
const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

type Validators = { event: ValidateFunction; runFacets: Map<string, ValidateFunction>; jobFacets: Map<string, ValidateFunction> };
let validators: Validators | undefined;

/**
 * The official schemas, registered under their own ids (nothing is fetched). `format` is an annotation in 2020-12,
 * so an eventTime without a time zone passes, as real producers send it.
 */
function load(): Validators {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
  ajv.addSchema(read(path.join(SPEC_DIR, 'OpenLineage.json')));
  const runFacets = new Map<string, ValidateFunction>();
  const jobFacets = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(path.join(SPEC_DIR, 'facets'))) {
    const schema = read(path.join(SPEC_DIR, 'facets', file));
    ajv.addSchema(schema);
    // Each facet schema describes the facets object with its one named facet, e.g. { "parent": { ... } }.
    const target = file.endsWith('RunFacet.json') ? runFacets : file.endsWith('JobFacet.json') ? jobFacets : null;
    for (const name of Object.keys(schema.properties ?? {})) target?.set(name, ajv.getSchema(schema.$id)!);
  }
  return { event: ajv.getSchema(RUN_EVENT)!, runFacets, jobFacets };
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string) {
  return (errors ?? []).slice(0, 5).map((e) => ({
    path: `${prefix}${e.instancePath}`.replace(/^\//, '').replaceAll('/', '.') || '(event)',
    message: `${e.message ?? 'is invalid'} (schema ${e.schemaPath})`,
  }));
}

/** Validates a RunEvent against the core schema, then its run and job facets against the standard facet schemas. */
export function validateRunEvent(event: unknown) {
  validators ??= load();
  if (!validators.event(event)) throw new Invalid('The event does not match the OpenLineage RunEvent schema.', describe(validators.event.errors, ''));
  const e = event as { run?: { facets?: Record<string, unknown> }; job?: { facets?: Record<string, unknown> } };
  for (const [where, facets, known] of [['run', e.run?.facets, validators.runFacets], ['job', e.job?.facets, validators.jobFacets]] as const) {
    for (const [name, facet] of Object.entries(facets ?? {})) {
      const validate = known.get(name);
      if (validate && !validate({ [name]: facet })) {
        throw new Invalid(`The ${where} facet "${name}" does not match its OpenLineage schema.`, describe(validate.errors, `/${where}/facets`));
      }
    }
  }
}
