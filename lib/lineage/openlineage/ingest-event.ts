import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { inTransaction } from '@/lib/db-helpers';
import { MODEL_FORMATS, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { can } from '@/lib/auth/permissions';
import { Forbidden, Invalid, type FieldIssue } from '@/lib/errors';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZSha256 } from '@/lib/inventory/schemas';
import { assertWithin, freeJsonIssues, LINEAGE_LIMITS } from '../bounds';
import { modelVersionOwners, ownerIdsOf } from '../model-version-writers';
import { findRunByExternalId, recordRun } from '../record-run';
import { validateRunEvent } from './validate-event';

/**
 * Our output dataset facet, `provenantModel`: an output that carries it is a model version. With modelId and
 * version it is registered (idempotently); with only sha256 it links the registered version of that digest.
 */
export const ZProvenantModelFacet = z.object({
  modelId: z.string().min(1).max(64).optional(),
  version: z.string().min(1).max(100).optional(),
  sha256: ZSha256,
  format: z.enum(MODEL_FORMATS).optional(),
  uri: z.string().max(2000).optional(),
  license: z.string().max(200).optional(),
});

type OlDataset = { namespace: string; name: string; facets?: Record<string, unknown> };
type RunEvent = {
  eventType?: string;
  eventTime: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  inputs?: OlDataset[];
  outputs?: OlDataset[];
  producer: string;
};

const TERMINAL = new Set(['COMPLETE', 'FAIL', 'ABORT']);

/** Producers send times without a zone (the Python client does); they are read as UTC. */
function utc(time: string): string {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(time) ? time : `${time}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw new Invalid('The eventTime is not a date-time.', [{ path: 'eventTime', message: 'Use ISO 8601, e.g. 2026-11-21T10:00:00Z.' }]);
  return date.toISOString();
}

/** Dataset version ids by namespace, name and version label, known within one transaction (a batch repeats them). */
type Resolved = Map<string, string>;

function datasetVersionId(tx: Tx, actor: Actor, dataset: OlDataset, resolved: Resolved): string {
  const versionFacet = dataset.facets?.version as { datasetVersion?: unknown } | undefined;
  const label = typeof versionFacet?.datasetVersion === 'string' ? versionFacet.datasetVersion : 'unversioned';
  const key = JSON.stringify([dataset.namespace, dataset.name, label]);
  let id = resolved.get(key);
  if (id === undefined) {
    const record = createDataset(actor, { namespace: dataset.namespace, name: dataset.name, facets: dataset.facets }, tx);
    id = createDatasetVersion(actor, record.id, { version: label }, tx).id;
    resolved.set(key, id);
  }
  return id;
}

function modelVersionId(tx: Tx, actor: Actor, output: OlDataset, index: number): string | null {
  const raw = output.facets?.provenantModel;
  if (raw === undefined) return null;
  const parsed = ZProvenantModelFacet.safeParse(raw);
  if (!parsed.success) throw new Invalid('The provenantModel facet is not valid.', parsed.error.issues.map((i) => ({ path: `outputs.${index}.facets.provenantModel.${i.path.join('.')}`, message: i.message })));
  const facet = parsed.data;
  if (facet.modelId && facet.version) {
    return createModelVersion(actor, { modelId: facet.modelId, version: facet.version, artifactSha256: facet.sha256, format: facet.format, uri: facet.uri ?? `${output.namespace}/${output.name}`, license: facet.license }, tx).id;
  }
  // Several owners may have registered the same bytes: the output is the newest version of them the caller owns.
  const known = tx.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.artifactSha256, facet.sha256)).orderBy(desc(modelVersions.createdAt)).all();
  if (known.length === 0) throw new Invalid('No registered model version has this digest.', [{ path: `outputs.${index}.facets.provenantModel`, message: 'Add modelId and version to register it.' }]);
  const owners = modelVersionOwners(known.map((k) => k.id));
  const mine = known.find((k) => owners.has(k.id) && can(actor, 'lineage.record', { ownerIds: ownerIdsOf(owners.get(k.id)!) }));
  if (!mine) throw new Forbidden(`Output ${index} (provenantModel ${facet.sha256.slice(0, 12)}…) names model versions only their owners may link a run to. Nothing was recorded.`);
  return mine.id;
}

type Loose = { run?: { facets?: unknown }; job?: { facets?: unknown }; inputs?: unknown; outputs?: unknown };

/** Counts and sizes first, in linear time, so an oversized event is refused before schema validation walks it. */
function boundsIssues(body: unknown): FieldIssue[] {
  if (body === null || typeof body !== 'object') return [];
  const event = body as Loose;
  const issues: FieldIssue[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const list = event[side];
    if (Array.isArray(list) && list.length > LINEAGE_LIMITS.datasetsPerSide) issues.push({ path: side, message: `${list.length} ${side}; at most ${LINEAGE_LIMITS.datasetsPerSide} per event.` });
  }
  if (issues.length > 0) return issues;
  const datasetFacets = (side: 'inputs' | 'outputs') => (Array.isArray(event[side]) ? (event[side] as { facets?: unknown }[]).map((d) => d?.facets) : []);
  const facets = { run: event.run?.facets, job: event.job?.facets, inputs: datasetFacets('inputs'), outputs: datasetFacets('outputs') };
  issues.push(...freeJsonIssues(facets, 'facets', LINEAGE_LIMITS.facetBytesPerEvent));
  return issues;
}

/** A dataset named again later in a batch costs little; the distinct ones are the work of a request. */
function assertDatasetsPerRequest(read: { event: RunEvent }[]) {
  const datasets = new Set(read.flatMap(({ event }) => [...(event.inputs ?? []), ...(event.outputs ?? [])].map((d) => `${d.namespace}\u0000${d.name}`))).size;
  if (datasets > LINEAGE_LIMITS.datasetsPerRequest) {
    throw new Invalid(`The request names ${datasets} distinct datasets; one request takes at most ${LINEAGE_LIMITS.datasetsPerRequest}. Nothing was recorded: send smaller batches.`, [{ path: '', message: `At most ${LINEAGE_LIMITS.datasetsPerRequest} distinct inputs and outputs per request.` }]);
  }
}

/** Validates a RunEvent against its bounds and the official schemas and reads its time; nothing touches the database yet. */
function readRunEvent(body: unknown) {
  assertWithin(boundsIssues(body), 'The event');
  validateRunEvent(body);
  const event = body as RunEvent;
  return { event, time: utc(event.eventTime) };
}

function writeRunEvent(actor: Actor, { event, time }: ReturnType<typeof readRunEvent>, tx: Tx, resolved: Resolved) {
  const type = event.eventType ?? 'OTHER';
  const source = event.job.facets?.sourceCodeLocation as { url?: string; repoUrl?: string; version?: string } | undefined;
  const datasetFacets = (list: OlDataset[]) => Object.fromEntries(list.filter((d) => d.facets).map((d) => [`${d.namespace}/${d.name}`, d.facets]));
  const previous = findRunByExternalId(event.run.runId);
  const keepsState = type === 'OTHER' || (TERMINAL.has(previous?.state ?? '') && !TERMINAL.has(type));
  const outputs = (event.outputs ?? []).map((output, i) => ({ output, modelVersionId: modelVersionId(tx, actor, output, i) }));
  return recordRun(
    actor,
    {
      externalRunId: event.run.runId,
      jobNamespace: event.job.namespace,
      jobName: event.job.name,
      state: keepsState ? undefined : (type as 'START'),
      startedAt: type === 'START' ? time : undefined,
      endedAt: TERMINAL.has(type) ? time : undefined,
      codeRepository: source?.repoUrl ?? source?.url,
      codeCommit: source?.version,
      inputDatasetVersionIds: (event.inputs ?? []).map((input) => datasetVersionId(tx, actor, input, resolved)),
      baseModelVersionIds: [],
      outputModelVersionIds: outputs.flatMap((o) => (o.modelVersionId ? [o.modelVersionId] : [])),
      outputDatasetVersionIds: outputs.filter((o) => !o.modelVersionId).map((o) => datasetVersionId(tx, actor, o.output, resolved)),
      facets: {
        producer: event.producer,
        run: event.run.facets ?? {},
        job: event.job.facets ?? {},
        inputs: datasetFacets(event.inputs ?? []),
        outputs: datasetFacets(event.outputs ?? []),
      },
    },
    tx,
  );
}

/**
 * Ingests one OpenLineage RunEvent, as Marquez does: validated against the official schemas, START and COMPLETE of
 * one runId merged into one run, datasets keyed by namespace and name, every facet kept with the run.
 */
export function ingestRunEvent(actor: Actor, body: unknown) {
  assertCan(actor, 'lineage.record');
  const read = readRunEvent(body);
  assertDatasetsPerRequest([read]);
  // One transaction for the whole event: its datasets, versions and run land together or not at all.
  return inTransaction(undefined, (tx) => writeRunEvent(actor, read, tx, new Map()));
}

/** Runs `fn` for event `index` of a batch; its errors name the event. */
function forEvent<T>(index: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Invalid) throw new Invalid(`Event ${index}: ${error.message}`, error.issues?.map((issue) => ({ ...issue, path: `${index}.${issue.path}` })));
    throw error;
  }
}

/** A batch: every event is validated once, before any is ingested, then all land together in order. */
export function ingestRunEvents(actor: Actor, events: unknown[]) {
  assertCan(actor, 'lineage.record');
  if (events.length > 1000) throw new Invalid('At most 1,000 events per request.', [{ path: '', message: `Got ${events.length}.` }]);
  const read = events.map((event, i) => forEvent(i, () => readRunEvent(event)));
  assertDatasetsPerRequest(read);
  // One transaction (one durable commit) for the batch: all of it lands, or none.
  const resolved: Resolved = new Map();
  return inTransaction(undefined, (tx) => read.map((event, i) => forEvent(i, () => writeRunEvent(actor, event, tx, resolved))));
}
