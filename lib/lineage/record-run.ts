import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { lineageEdges, trainingRuns, type DatasetStatistics, type JobTypeFacet } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Forbidden } from '@/lib/errors';
import { assertWithin, jsonBytes, LINEAGE_LIMITS } from './bounds';
import { addEdges, assertReferencesExist, type EdgeInput } from './edges';
import { assertSystemsLiveOf } from '@/lib/inventory/assert-system-live';
import { assertMayWriteModelVersions } from './model-version-writers';
import { nodeKey } from './node-key';
import { columnPlaceholders, preparedPerConnection, withDefaults } from '@/lib/prepared-statements';
import type { ZRecordRunInput } from './schemas';

/** What OpenLineage adds to a run: its job type, parent, the event's time, and the statistics of each edge. */
type FromEvents = {
  state?: z.output<typeof ZRecordRunInput>['state'] | 'OTHER';
  facets?: Record<string, unknown>;
  jobType?: JobTypeFacet;
  parent?: { runId: string; externalRunId: string; jobNamespace: string; jobName: string };
  /** The eventTime of the report: one older than the run's last leaves its state, end and facets as they are. */
  eventTime?: string;
  /** By the node key of the dataset or model version at the other end of the edge. */
  statistics?: Map<string, DatasetStatistics>;
  /** The OpenLineage event this report is (digest, type, time), named in the run's audit event. */
  event?: Record<string, unknown>;
  /**
   * What the caller already read in this transaction: the run of this external id (null: none yet), and that every
   * referenced version id was resolved here, so neither is read again (OpenLineage ingest, per event).
   */
  known?: { run: typeof trainingRuns.$inferSelect | null; referencesResolved: true };
};
type Input = Omit<z.output<typeof ZRecordRunInput>, 'state'> & FromEvents;

function runEdges(runId: string, input: Input): EdgeInput[] {
  const run = nodeKey('run', runId);
  const stats = (key: string) => input.statistics?.get(key);
  return [
    ...input.inputDatasetVersionIds.map((id) => ({ fromNode: nodeKey('dataset_version', id), toNode: run, relation: 'input' as const, statistics: stats(nodeKey('dataset_version', id)) })),
    ...input.baseModelVersionIds.map((id) => ({ fromNode: nodeKey('model_version', id), toNode: run, relation: 'base_model' as const })),
    ...input.outputModelVersionIds.map((id) => ({ fromNode: run, toNode: nodeKey('model_version', id), relation: 'output' as const, statistics: stats(nodeKey('model_version', id)) })),
    ...input.outputDatasetVersionIds.map((id) => ({ fromNode: run, toNode: nodeKey('dataset_version', id), relation: 'output' as const, statistics: stats(nodeKey('dataset_version', id)) })),
    ...(input.parent ? [{ fromNode: run, toNode: nodeKey('run', input.parent.runId), relation: 'parent' as const }] : []),
  ];
}

/** The columns an input sets. */
function rowOf(input: Input) {
  const { inputDatasetVersionIds: _i, baseModelVersionIds: _b, outputModelVersionIds: _o, outputDatasetVersionIds: _d, statistics: _s, event: _e, known: _k, parent, eventTime, ...fields } = input;
  return { ...fields, lastEventTime: eventTime, parentExternalRunId: parent?.externalRunId, parentJobNamespace: parent?.jobNamespace, parentJobName: parent?.jobName };
}

const TERMINAL = new Set(['COMPLETE', 'FAIL', 'ABORT']);

/** What a report changes: a late one (older than the last applied) only fills what is empty and adds missing facets. */
function patchOf(existing: typeof trainingRuns.$inferSelect, input: Input): Partial<typeof trainingRuns.$inferSelect> {
  const row = rowOf(input);
  // Clocks of producers differ: an end (COMPLETE, FAIL, ABORT) still ends a run that has not ended, whatever its time.
  const ends = TERMINAL.has(input.state ?? '') && !TERMINAL.has(existing.state);
  const late = !ends && input.eventTime !== undefined && existing.lastEventTime !== null && input.eventTime < existing.lastEventTime;
  if (!late) return { ...row, facets: input.facets && mergeFacets(existing.facets, input.facets) };
  const empty = (key: keyof typeof row) => (existing[key as keyof typeof existing] === null ? row[key] : undefined);
  return { ...Object.fromEntries(Object.keys(row).map((key) => [key, empty(key as keyof typeof row)])), facets: input.facets && mergeFacets(input.facets, existing.facets ?? {}), state: undefined };
}

// Every OpenLineage event reads its run and writes it: prepared once, the update writes the whole merged row.
const statements = preparedPerConnection((db) => ({
  find: db.select().from(trainingRuns).where(eq(trainingRuns.externalRunId, sql.placeholder('externalRunId'))).prepare(),
  insert: db.insert(trainingRuns).values(columnPlaceholders(trainingRuns)).returning().prepare(),
  update: db.update(trainingRuns).set(columnPlaceholders(trainingRuns)).where(eq(trainingRuns.id, sql.placeholder('id'))).returning().prepare(),
  sides: db
    .select({
      inputs: sql<number | null>`sum(CASE WHEN ${lineageEdges.toNode} = ${sql.placeholder('run')} THEN 1 ELSE 0 END)`.mapWith(Number),
      outputs: sql<number | null>`sum(CASE WHEN ${lineageEdges.fromNode} = ${sql.placeholder('run')} THEN 1 ELSE 0 END)`.mapWith(Number),
    })
    .from(lineageEdges)
    .where(sql`${lineageEdges.toNode} = ${sql.placeholder('run')} OR ${lineageEdges.fromNode} = ${sql.placeholder('run')}`)
    .prepare(),
}));

/**
 * A run grows over its reports (START, COMPLETE, retries with more datasets): its totals stay bounded too. The edges
 * are counted only when this report added some; a new run's are exactly the ones just added.
 */
async function assertRunWithinBounds(runId: string, facets: unknown, added: EdgeInput[], isNew: boolean) {
  const run = nodeKey('run', runId);
  const { inputs, outputs } = isNew
    ? { inputs: added.filter((e) => e.toNode === run).length, outputs: added.filter((e) => e.fromNode === run).length }
    : added.length > 0 ? (await statements().sides.get({ run }))! : { inputs: 0, outputs: 0 };
  const max = LINEAGE_LIMITS.datasetsPerSide;
  const bytes = jsonBytes(facets);
  assertWithin(
    [
      ...((inputs ?? 0) > max ? [{ path: 'inputs', message: `The run would have ${inputs} inputs; at most ${max}.` }] : []),
      ...((outputs ?? 0) > max ? [{ path: 'outputs', message: `The run would have ${outputs} outputs; at most ${max}.` }] : []),
      ...(bytes > LINEAGE_LIMITS.facetBytesPerRun ? [{ path: 'facets', message: `The run's facets would take ${bytes} bytes; at most ${LINEAGE_LIMITS.facetBytesPerRun}.` }] : []),
    ],
    'The run',
  );
}

export const findRunByExternalId = async (externalRunId: string) => await statements().find.get({ externalRunId });

type Facets = Record<string, unknown>;

/** Facets arrive grouped (run, job, inputs, outputs); `incoming` adds to or replaces facets of `current` by name within a group. */
function mergeFacets(current: Facets | null, incoming: Facets): Facets {
  const merged: Facets = { ...current };
  for (const [group, value] of Object.entries(incoming)) {
    const previous = merged[group];
    merged[group] = previous && typeof previous === 'object' && value && typeof value === 'object' ? { ...previous, ...value } : value;
  }
  return merged;
}

/**
 * Records a training run with its inputs and outputs. Idempotent on the external run id: a retry changes nothing,
 * a later report (e.g. COMPLETE after START) merges fields and adds edges, audited as one update.
 */
export async function recordRun(actor: Actor, input: Input, outerTx?: Tx) {
  assertCan(actor, 'lineage.record');
  const { inputDatasetVersionIds, baseModelVersionIds, outputModelVersionIds, outputDatasetVersionIds } = input;
  return await inTransaction(outerTx, async (tx) => {
    if (!input.known) await assertReferencesExist(tx, [
      { field: 'inputDatasetVersionIds', kind: 'dataset_version', ids: inputDatasetVersionIds },
      { field: 'baseModelVersionIds', kind: 'model_version', ids: baseModelVersionIds },
      { field: 'outputModelVersionIds', kind: 'model_version', ids: outputModelVersionIds },
      { field: 'outputDatasetVersionIds', kind: 'dataset_version', ids: outputDatasetVersionIds },
    ]);
    await assertMayWriteModelVersions(actor, 'lineage.record', outputModelVersionIds, 'This run');
    // Anything may be read, but nothing written into a retired system's records, a run's outputs included.
    await assertSystemsLiveOf(tx, { modelVersionIds: outputModelVersionIds, datasetVersionIds: outputDatasetVersionIds }, 'This run writes outputs into a retired system and was not recorded');
    const { insert, update } = statements();
    const existing = input.known ? input.known.run : await findRunByExternalId(input.externalRunId);
    if (existing && (existing.jobNamespace !== input.jobNamespace || existing.jobName !== input.jobName)) {
      throw new Conflict(`Run ${input.externalRunId} is a run of ${existing.jobNamespace}/${existing.jobName}; a run id names one run of one job, so it cannot also be ${input.jobNamespace}/${input.jobName}. Nothing was recorded.`);
    }
    if (!existing) {
      const run = await insert.get(withDefaults(trainingRuns, { ...rowOf(input), createdById: actor.userId }));
      const edges = await addEdges(tx, runEdges(run.id, input));
      await assertRunWithinBounds(run.id, run.facets, edges, true);
      await recordAudit(tx, actor, { action: 'run.recorded', entityType: 'run', entityId: run.id, after: { ...run, edges, ...(input.event ? { event: input.event } : {}) } });
      return { run, created: true, audited: true };
    }
    const { before, after, changed } = changedFields(existing, patchOf(existing, input));
    const edges = await addEdges(tx, runEdges(existing.id, input));
    if (!changed && edges.length === 0) return { run: existing, created: false, audited: false };
    if (existing.createdById !== actor.userId) throw new Forbidden(`Run ${existing.externalRunId} was recorded by someone else; only they may add to it. Nothing was recorded.`);
    const run = changed ? (await update.get({ ...existing, ...after }))! : existing;
    await assertRunWithinBounds(run.id, run.facets, edges, false);
    await recordAudit(tx, actor, { action: 'run.updated', entityType: 'run', entityId: run.id, before, after: { ...after, addedEdges: edges, ...(input.event ? { event: input.event } : {}) } });
    return { run, created: false, audited: true };
  });
}
