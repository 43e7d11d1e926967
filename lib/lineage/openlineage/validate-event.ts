import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { producerTime } from './producer-time';

const SPEC_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'lineage', 'openlineage', 'spec');
const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** Where a facet sits in an event, named by the base facet its schema extends. */
const GROUPS = ['RunFacet', 'JobFacet', 'DatasetFacet', 'InputDatasetFacet', 'OutputDatasetFacet'] as const;
type Group = (typeof GROUPS)[number];
type Loaded = { ajv: Ajv2020; facetIds: Record<Group, Map<string, string>> };
let first: Loaded | undefined;
let every: Loaded | undefined;

/** Counts and sizes in the standard facets: the schemas allow a negative one, which would be stored as nonsense. */
const COUNTS = new Set(['rowCount', 'size', 'bytes', 'fileCount', 'nullCount', 'distinctCount', 'count', 'totalTasks', 'failedTasks']);

function refuseNegativeCounts(node: unknown, key = '') {
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (COUNTS.has(key) && (schema.type === 'integer' || schema.type === 'number')) schema.minimum ??= 0;
  for (const [name, child] of Object.entries(schema)) refuseNegativeCounts(child, name);
}

/**
 * The official schemas, registered under their own ids and compiled once, lazily (nothing is fetched). Departures:
 * BaseFacet's required `_producer`/`_schemaURL` become warnings, as Marquez (Airflow's columnLineage omits them); a
 * date-time may lack its zone, as producers send it, but must be a calendar date; counts are never negative; a uuid
 * must be one (a run id of a megabyte of text is not).
 */
/** A run id, as the spec's `format: uuid` requires (any version: Airflow sends v7, others v4). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function load(allErrors: boolean): Loaded {
  const formats = { 'date-time': (time: string) => producerTime(time) !== null, uri: true as const, uuid: (id: string) => UUID.test(id) };
  const ajv = new Ajv2020({ strict: false, allErrors, formats });
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
  const core = read(path.join(SPEC_DIR, 'OpenLineage.json'));
  delete core.$defs.BaseFacet.required;
  ajv.addSchema(core);
  const facetIds = Object.fromEntries(GROUPS.map((g) => [g, new Map<string, string>()])) as Loaded['facetIds'];
  for (const file of fs.readdirSync(path.join(SPEC_DIR, 'facets'))) {
    const schema = read(path.join(SPEC_DIR, 'facets', file));
    refuseNegativeCounts(schema);
    ajv.addSchema(schema);
    // Each facet schema describes the facets object with its one named facet, e.g. { "parent": { ... } }.
    const base = JSON.stringify(schema.$defs).match(/OpenLineage\.json#\/\$defs\/(\w+Facet)"/)?.[1] as Group | undefined;
    if (!base || !GROUPS.includes(base)) continue;
    for (const name of Object.keys(schema.properties ?? {})) facetIds[base].set(name, schema.$id);
  }
  return { ajv, facetIds };
}

/** Facets whose identifiers link nodes: without them the facet cannot be used, so a missing one is a refusal. */
const LINKING = new Set(['parent', 'symlinks']);

/**
 * A facet that only lacks required properties (OpenLineage's own full example sends dataQualityMetrics without
 * columnMetrics) is kept with a warning, as Marquez keeps it; a wrong value (a rowCount that is not an integer) would
 * be stored wrong, so it is refused. All errors are collected only here, on the failing path.
 */
function onlyMissing(group: Group, name: string, facet: unknown): ErrorObject[] | null {
  if (LINKING.has(name)) return null;
  every ??= load(true);
  const validate = every.ajv.getSchema(every.facetIds[group].get(name)!)!;
  // Compiled without $async, so validation is synchronous: the result is in `validate.errors`.
  void validate({ [name]: facet });
  const errors = validate.errors ?? [];
  return errors.every((e) => e.keyword === 'required') ? errors : null;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): FieldIssue[] {
  return (errors ?? []).slice(0, 5).map((e) => ({
    path: `${prefix}${e.instancePath}`.replace(/^\//, '').replaceAll('/', '.') || '(event)',
    message: `${e.message ?? 'is invalid'} (schema ${e.schemaPath})`,
  }));
}

type FacetHolder = { facets?: unknown; inputFacets?: unknown; outputFacets?: unknown };
type LooseEvent = { run?: FacetHolder; job?: FacetHolder; inputs?: FacetHolder[]; outputs?: FacetHolder[] };

/** Every facets object of an event with its group and its path. */
function facetGroups(event: LooseEvent): [Group, Record<string, unknown>, string][] {
  const groups: [Group, unknown, string][] = [
    ['RunFacet', event.run?.facets, '/run/facets'],
    ['JobFacet', event.job?.facets, '/job/facets'],
  ];
  (event.inputs ?? []).forEach((d, i) => groups.push(['DatasetFacet', d.facets, `/inputs/${i}/facets`], ['InputDatasetFacet', d.inputFacets, `/inputs/${i}/inputFacets`]));
  (event.outputs ?? []).forEach((d, i) => groups.push(['DatasetFacet', d.facets, `/outputs/${i}/facets`], ['OutputDatasetFacet', d.outputFacets, `/outputs/${i}/outputFacets`]));
  return groups.filter((g): g is [Group, Record<string, unknown>, string] => g[1] !== undefined && g[1] !== null);
}

/**
 * Validates a RunEvent against the core schema, then every standard facet it carries (run, job, dataset, input and
 * output facets) against its own schema; custom facets are kept as they are. Answers warnings: facets that lack
 * `_producer` or `_schemaURL`. Throws Invalid with the paths of the first problems.
 */
/** Compiles the schemas now (about a second), so the first event a producer sends does not hold the server for it. */
export function prepareRunEventValidator() {
  first ??= load(false);
}

export function validateRunEvent(event: unknown): FieldIssue[] {
  first ??= load(false);
  const validateEvent = first.ajv.getSchema(RUN_EVENT)!;
  if (!validateEvent(event)) throw new Invalid('The event does not match the OpenLineage RunEvent schema.', describe(validateEvent.errors, ''));
  const warnings: FieldIssue[] = [];
  for (const [group, facets, at] of facetGroups(event as LooseEvent)) {
    for (const [name, facet] of Object.entries(facets)) {
      const id = first.facetIds[group].get(name);
      const validate = id === undefined ? undefined : first.ajv.getSchema(id)!;
      if (validate && !validate({ [name]: facet })) {
        const missing = onlyMissing(group, name, facet);
        if (!missing) throw new Invalid(`The facet "${name}" at ${at.slice(1).replaceAll('/', '.')} does not match its OpenLineage schema.`, describe(validate.errors, at));
        warnings.push(...describe(missing, at).map((w) => ({ ...w, message: `${w.message}; the facet was kept` })));
      }
      const base = ['_producer', '_schemaURL'].filter((field) => !(field in (facet as object)));
      if (base.length > 0) warnings.push({ path: `${at}/${name}`.slice(1).replaceAll('/', '.'), message: `The facet lacks ${base.join(' and ')}; it was kept.` });
    }
  }
  return warnings;
}
