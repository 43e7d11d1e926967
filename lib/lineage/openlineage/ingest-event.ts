import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { first, withTransaction, type Tx } from '@/db';
import { MODEL_FORMATS, models, modelVersions, openLineageEvents, type DatasetStatistics, type JobTypeFacet } from '@/db/schema';
import { appendingTogether, recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { Conflict, Forbidden, Invalid, NotFound, type FieldIssue } from '@/lib/errors';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZSha256 } from '@/lib/inventory/schemas';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';
import { mapInOrder } from '@/lib/map-in-order';
import { yieldToLoop } from '@/lib/map-in-steps';
import { LINEAGE_LIMITS } from '../bounds';
import { modelOwnerIds } from '@/lib/inventory/model-owners';
import { modelVersionOwners } from '../model-version-writers';
import { nodeKey } from '../node-key';
import { recordRun } from '../record-run';
import { KnownRuns, rememberAll } from './batch-state';
import { datasetStatistics } from './dataset-statistics';
import { readRunEvent, type ReadEvent, type RunEvent } from './read-event';
import { datasetVersionId, readBatchStart, type OlDataset, type Resolved } from './resolve-dataset';

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

const TERMINAL = new Set(['COMPLETE', 'FAIL', 'ABORT']);

const statements = preparedPerConnection((db) => ({
  // Remembering an event and finding it a replay are one statement: a replay inserts nothing.
  remember: db.insert(openLineageEvents).values(columnPlaceholders(openLineageEvents)).onConflictDoNothing().prepare(),
}));

async function modelVersionId(tx: Tx, actor: Actor, output: OlDataset, index: number): Promise<string | null> {
  const raw = output.facets?.provenantModel;
  if (raw === undefined) return null;
  const parsed = ZProvenantModelFacet.safeParse(raw);
  if (!parsed.success) throw new Invalid('The provenantModel facet is not valid.', parsed.error.issues.map((i) => ({ path: `outputs.${index}.facets.provenantModel.${i.path.join('.')}`, message: i.message })));
  const facet = parsed.data;
  if (facet.modelId && facet.version) {
    // An unknown model is this event's mistake, named at its field (not a 404 that reads as if the route were missing).
    const model = first(await tx.select({ id: models.id }).from(models).where(eq(models.id, facet.modelId)).limit(1));
    if (!model) throw new Invalid('The provenantModel facet names a model that does not exist.', [{ path: `outputs.${index}.facets.provenantModel.modelId`, message: 'No model with this id.' }]);
    return (await createModelVersion(actor, { modelId: facet.modelId, version: facet.version, artifactSha256: facet.sha256, format: facet.format, uri: facet.uri ?? `${output.namespace}/${output.name}`, license: facet.license }, tx)).id;
  }
  // Several owners may have registered the same bytes: the output is the newest version of them the caller owns.
  const known = await tx.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.artifactSha256, facet.sha256)).orderBy(desc(modelVersions.createdAt));
  if (known.length === 0) throw new Invalid('No registered model version has this digest.', [{ path: `outputs.${index}.facets.provenantModel`, message: 'Add modelId and version to register it.' }]);
  const owners = await modelVersionOwners(known.map((k) => k.id));
  const mine = known.find((k) => owners.has(k.id) && can(actor, 'lineage.record', { ownerIds: modelOwnerIds(owners.get(k.id)!) }));
  if (!mine) throw new Forbidden(`Output ${index} (provenantModel ${facet.sha256.slice(0, 12)}…) names model versions only their owners may link a run to. Nothing was recorded.`);
  return mine.id;
}

/** The run that started this one (`parent` run facet): found, or recorded as a placeholder its own events fill in. */
async function parentRun(tx: Tx, actor: Actor, event: RunEvent, runs: KnownRuns) {
  const facet = event.run.facets?.parent as { run: { runId: string }; job: { namespace: string; name: string } } | undefined;
  if (!facet) return undefined;
  const known = await runs.find(facet.run.runId);
  let run = known;
  if (!run || run.jobNamespace !== facet.job.namespace || run.jobName !== facet.job.name) {
    run = (await recordRun(actor, { externalRunId: facet.run.runId, jobNamespace: facet.job.namespace, jobName: facet.job.name, state: 'OTHER', parameters: {}, inputDatasetVersionIds: [], baseModelVersionIds: [], outputModelVersionIds: [], outputDatasetVersionIds: [], known: { run: known, referencesResolved: true } }, tx)).run;
    runs.recorded(run);
  }
  return { runId: run.id, externalRunId: run.externalRunId, jobNamespace: run.jobNamespace, jobName: run.jobName };
}

function jobTypeOf(event: RunEvent): JobTypeFacet | undefined {
  const facet = event.job.facets?.jobType as JobTypeFacet | undefined;
  return facet && { processingType: facet.processingType, integration: facet.integration, jobType: facet.jobType };
}

async function writeRunEvent(actor: Actor, { event, time, sha256, warnings }: ReadEvent, tx: Tx, resolved: Resolved, runs: KnownRuns) {
  const type = event.eventType ?? 'OTHER';
  const source = event.job.facets?.sourceCodeLocation as { url?: string; repoUrl?: string; version?: string } | undefined;
  const datasetFacets = (list: OlDataset[]) => Object.fromEntries(list.filter((d) => d.facets).map((d) => [`${d.namespace}/${d.name}`, d.facets]));
  const previous = await runs.find(event.run.runId);
  const keepsState = type === 'OTHER' || (TERMINAL.has(previous?.state ?? '') && !TERMINAL.has(type));
  const statistics = new Map<string, DatasetStatistics>();
  const at = (path: string) => ({ path, warnings, resolved });
  const inputs = await mapInOrder((event.inputs ?? []), async (input, i) => {
    const id = await datasetVersionId(tx, actor, input, at(`inputs.${i}`));
    const stats = datasetStatistics(input, 'input');
    if (stats) statistics.set(nodeKey('dataset_version', id), stats);
    return id;
  });
  const outputs = await mapInOrder((event.outputs ?? []), async (output, i) => {
    const model = await modelVersionId(tx, actor, output, i);
    const key = model ? nodeKey('model_version', model) : nodeKey('dataset_version', await datasetVersionId(tx, actor, output, at(`outputs.${i}`)));
    const stats = datasetStatistics(output, 'output');
    if (stats) statistics.set(key, stats);
    return { kind: model ? 'model' : 'dataset', id: key.slice(key.indexOf(':') + 1) };
  });
  const parent = await parentRun(tx, actor, event, runs);
  // Still the run: its parent is another run (readRunEvent refuses a run that names itself).
  const known = { run: previous, referencesResolved: true as const };
  const recorded = await recordRun(
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
      parameters: undefined,
      inputDatasetVersionIds: inputs,
      baseModelVersionIds: [],
      outputModelVersionIds: outputs.filter((o) => o.kind === 'model').map((o) => o.id),
      outputDatasetVersionIds: outputs.filter((o) => o.kind === 'dataset').map((o) => o.id),
      jobType: jobTypeOf(event),
      parent,
      known,
      eventTime: time,
      statistics,
      event: { sha256, eventType: event.eventType ?? null, eventTime: time, warnings: warnings.length },
      facets: { producer: event.producer, run: event.run.facets ?? {}, job: event.job.facets ?? {}, inputs: datasetFacets(event.inputs ?? []), outputs: datasetFacets(event.outputs ?? []) },
    },
    tx,
  );
  runs.recorded(recorded.run);
  return recorded;
}

export type EventOutcome =
  | { status: 'accepted'; runId: string; id: string; warnings: FieldIssue[] }
  | { status: 'duplicate'; runId: string; id: string | undefined; warnings: FieldIssue[] };

/**
 * Applies one read event inside `tx`: an exact replay (the same JSON again) writes nothing, audit included; any other
 * is remembered by its digest, named in its run's audit event, or in `lineage.event_applied` when the run is unchanged.
 */
async function applyRunEvent(actor: Actor, read: ReadEvent, tx: Tx, resolved: Resolved, batch: BatchState): Promise<EventOutcome> {
  const runId = read.event.run.runId;
  // Remembered already with the batch's others (only the first of equal events), else now.
  const remembered = batch.remembered
    ? batch.remembered.delete(read.sha256)
    : (await statements().remember.run(withDefaults(openLineageEvents, { sha256: read.sha256, externalRunId: runId, eventType: read.event.eventType ?? null, eventTime: read.time }))) > 0;
  if (!remembered) return { status: 'duplicate', runId, id: (await batch.runs.find(runId))?.id, warnings: read.warnings };
  const { run, audited } = await writeRunEvent(actor, read, tx, resolved, batch.runs);
  if (!audited) await recordAudit(tx, actor, { action: 'lineage.event_applied', entityType: 'run', entityId: run.id, after: { sha256: read.sha256, eventType: read.event.eventType ?? null, eventTime: read.time, warnings: read.warnings.length } });
  return { status: 'accepted', runId, id: run.id, warnings: read.warnings };
}

function assertDatasetsPerRequest(events: unknown[]) {
  const names = events.flatMap((e) => {
    const { inputs, outputs } = (e ?? {}) as { inputs?: unknown; outputs?: unknown };
    return [inputs, outputs].flatMap((side) => (Array.isArray(side) ? side.map((d) => `${(d as OlDataset)?.namespace}\u0000${(d as OlDataset)?.name}`) : []));
  });
  const datasets = new Set(names).size;
  if (datasets > LINEAGE_LIMITS.datasetsPerRequest) {
    throw new Invalid(`The request names ${datasets} distinct datasets; one request takes at most ${LINEAGE_LIMITS.datasetsPerRequest}. Nothing was recorded: send smaller batches.`, [{ path: '', message: `At most ${LINEAGE_LIMITS.datasetsPerRequest} distinct inputs and outputs per request.` }]);
  }
}

/**
 * Ingests one OpenLineage RunEvent, as Marquez does: validated against the official schemas, START and COMPLETE of
 * one runId merged into one run, datasets keyed by namespace and name (or a symlink), every facet kept with the run.
 */
export async function ingestRunEvent(actor: Actor, body: unknown): Promise<EventOutcome> {
  assertCan(actor, 'lineage.record');
  const read = readRunEvent(body);
  assertDatasetsPerRequest([body]);
  return await withTransaction(async (tx) => await applyRunEvent(actor, read, tx, { batch: new Map(), event: new Map() }, { runs: KnownRuns.none() }));
}

export type BatchItem = { index: number; runId: string | null } & ({ status: 'accepted' | 'duplicate'; id: string | undefined; warnings?: FieldIssue[] } | { status: 'rejected'; code: string; message: string; issues?: FieldIssue[] });

/** The runs a batch names, and (without savepoints) the digests of its events remembered when it began. */
type BatchState = { runs: KnownRuns; remembered?: Set<string> };

/** An event of a batch refused itself while the batch ran without savepoints: the batch runs again with them. */
class RefusedWithoutSavepoint extends Error {}

/**
 * An event's own refusals: what it names is invalid, missing, in conflict or not the caller's. Anything else (the
 * database, a bug) fails the request, and the slices already written stay (a retry answers them as duplicates).
 */
const refusable = (error: unknown) => error instanceof Invalid || error instanceof Conflict || error instanceof Forbidden || error instanceof NotFound;

const runIdOf = (body: unknown) => {
  const runId = (body as { run?: { runId?: unknown } } | null)?.run?.runId;
  return typeof runId === 'string' ? runId : null;
};

/**
 * Events written per transaction. A batch of 1,000 written at once held the event loop (and every other request) for
 * seconds on a loaded machine; between slices other requests run, and a slice keeps most of batching's gain.
 */
export const EVENTS_PER_SLICE = 100;

/**
 * A batch, answered per event: each event lands or not on its own (a savepoint), so one bad event refuses only
 * itself; each slice of the batch commits once, which keeps batching the fast path. Problems that are not the event's
 * own (permissions of the caller, the request's size, a failing database) still refuse the request; slices written
 * before such a failure stay, and sending the batch again answers them as duplicates.
 */
export async function ingestRunEvents(actor: Actor, events: unknown[]): Promise<BatchItem[]> {
  assertCan(actor, 'lineage.record');
  if (events.length > 1000) throw new Invalid('At most 1,000 events per request.', [{ path: '', message: `Got ${events.length}.` }]);
  assertDatasetsPerRequest(events);
  const rejected = (index: number, error: unknown): BatchItem => {
    if (!refusable(error)) throw error;
    return { index, runId: runIdOf(events[index]), status: 'rejected', code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
  };
  const items: BatchItem[] = [];
  for (let sliceStart = 0; sliceStart < events.length; sliceStart += EVENTS_PER_SLICE) {
    if (sliceStart > 0) await yieldToLoop();
    // Validation needs no lock: every event of a slice is read before its write transaction starts.
    const reads = events.slice(sliceStart, sliceStart + EVENTS_PER_SLICE).map((body, offset) => {
      try {
        return readRunEvent(body);
      } catch (error) {
        return rejected(sliceStart + offset, error);
      }
    });
    items.push(...(await ingestSlice(actor, reads, sliceStart, rejected)));
  }
  return items;
}

/** Writes the events of one slice (its first is the batch's event `sliceStart`) in one transaction. */
async function ingestSlice(actor: Actor, reads: (ReadEvent | BatchItem)[], sliceStart: number, rejected: (index: number, error: unknown) => BatchItem): Promise<BatchItem[]> {
  // A savepoint per event costs about as much as the event's own writes, so a slice first runs without them; only
  // when one of its events refuses itself is it rolled back whole and run again, each event in its own savepoint.
  const readable = reads.filter((read): read is ReadEvent => !('index' in read));
  const named = readable.flatMap((read) => [...(read.event.inputs ?? []), ...(read.event.outputs ?? [])]);
  const apply = async (savepoints: boolean) => {
    const batch = new Map<string, string>();
    let start: Resolved['start'];
    let state: BatchState;
    const applyAll = (tx: Tx) =>
      mapInOrder(reads, async (read, offset): Promise<BatchItem> => {
        if ('index' in read) return read;
        const index = sliceStart + offset;
        const event = new Map<string, string>();
        try {
          // Warnings gather as the event is applied: a second run starts from the reading's own.
          const attempt = { ...read, warnings: [...read.warnings] };
          const resolved = { batch, event, start };
          const outcome = savepoints ? await withTransaction(async () => await applyRunEvent(actor, attempt, tx, resolved, state)) : await applyRunEvent(actor, attempt, tx, resolved, state);
          for (const [key, id] of event) batch.set(key, id);
          state.runs.eventEnded(true);
          return { index, runId: outcome.runId, id: outcome.id, status: outcome.status, ...(outcome.warnings.length ? { warnings: outcome.warnings } : {}) };
        } catch (error) {
          if (!savepoints && refusable(error)) throw new RefusedWithoutSavepoint();
          state.runs.eventEnded(false);
          return rejected(index, error);
        }
      });
    // Without savepoints the slice's events are remembered together first, and its audit events written together
    // before it commits: a few statements for all.
    return await withTransaction(async (tx) => {
      start = await readBatchStart(named);
      state = { runs: await KnownRuns.readFor(tx, readable), remembered: savepoints ? undefined : await rememberAll(tx, readable) };
      return await (savepoints ? applyAll(tx) : appendingTogether(tx, () => applyAll(tx)));
    });
  };
  try {
    return await apply(false);
  } catch (error) {
    if (!(error instanceof RefusedWithoutSavepoint)) throw error;
    return await apply(true);
  }
}
