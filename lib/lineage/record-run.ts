import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { getConnection, type Tx } from '@/db';
import { trainingRuns } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Forbidden } from '@/lib/errors';
import { assertWithin, jsonBytes, LINEAGE_LIMITS } from './bounds';
import { addEdges, assertReferencesExist, type EdgeInput } from './edges';
import { assertMayWriteModelVersions } from './model-version-writers';
import { nodeKey } from './node-key';
import { cachePerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';
import type { ZRecordRunInput } from './schemas';

type Input = z.output<typeof ZRecordRunInput> & { facets?: Record<string, unknown> };

function runEdges(runId: string, input: Input): EdgeInput[] {
  const run = nodeKey('run', runId);
  return [
    ...input.inputDatasetVersionIds.map((id) => ({ fromNode: nodeKey('dataset_version', id), toNode: run, relation: 'input' as const })),
    ...input.baseModelVersionIds.map((id) => ({ fromNode: nodeKey('model_version', id), toNode: run, relation: 'base_model' as const })),
    ...input.outputModelVersionIds.map((id) => ({ fromNode: run, toNode: nodeKey('model_version', id), relation: 'output' as const })),
    ...input.outputDatasetVersionIds.map((id) => ({ fromNode: run, toNode: nodeKey('dataset_version', id), relation: 'output' as const })),
  ];
}

// Every OpenLineage event reads its run and writes it: prepared once, the update writes the whole merged row.
const statements = cachePerConnection((db) => ({
  find: db.select().from(trainingRuns).where(eq(trainingRuns.externalRunId, sql.placeholder('externalRunId'))).prepare(),
  insert: db.insert(trainingRuns).values(columnPlaceholders(trainingRuns)).returning().prepare(),
  update: db.update(trainingRuns).set(columnPlaceholders(trainingRuns)).where(eq(trainingRuns.id, sql.placeholder('id'))).returning().prepare(),
  sides: getConnection().sqlite.prepare<{ run: string }, { inputs: number | null; outputs: number | null }>(
    'SELECT sum(to_node = @run) AS inputs, sum(from_node = @run) AS outputs FROM lineage_edges WHERE to_node = @run OR from_node = @run',
  ),
}));

/** A run grows over its reports (START, COMPLETE, retries with more datasets): its totals stay bounded too. */
function assertRunWithinBounds(runId: string, facets: unknown) {
  const { inputs, outputs } = statements().sides.get({ run: nodeKey('run', runId) })!;
  const max = LINEAGE_LIMITS.datasetsPerSide;
  assertWithin(
    [
      ...((inputs ?? 0) > max ? [{ path: 'inputs', message: `The run would have ${inputs} inputs; at most ${max}.` }] : []),
      ...((outputs ?? 0) > max ? [{ path: 'outputs', message: `The run would have ${outputs} outputs; at most ${max}.` }] : []),
      ...(jsonBytes(facets) > LINEAGE_LIMITS.facetBytesPerRun ? [{ path: 'facets', message: `The run's facets would take ${jsonBytes(facets)} bytes; at most ${LINEAGE_LIMITS.facetBytesPerRun}.` }] : []),
    ],
    'The run',
  );
}

export const findRunByExternalId = (externalRunId: string) => statements().find.get({ externalRunId });

type Facets = Record<string, unknown>;

/** Facets arrive grouped (run, job, inputs, outputs); a later event adds to or replaces facets by name within a group. */
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
export function recordRun(actor: Actor, input: Input, outerTx?: Tx) {
  assertCan(actor, 'lineage.record');
  const { inputDatasetVersionIds, baseModelVersionIds, outputModelVersionIds, outputDatasetVersionIds, ...fields } = input;
  return inTransaction(outerTx, (tx) => {
    assertReferencesExist(tx, [
      { field: 'inputDatasetVersionIds', kind: 'dataset_version', ids: inputDatasetVersionIds },
      { field: 'baseModelVersionIds', kind: 'model_version', ids: baseModelVersionIds },
      { field: 'outputModelVersionIds', kind: 'model_version', ids: outputModelVersionIds },
      { field: 'outputDatasetVersionIds', kind: 'dataset_version', ids: outputDatasetVersionIds },
    ]);
    assertMayWriteModelVersions(actor, 'lineage.record', outputModelVersionIds, 'This run');
    const { insert, update } = statements();
    const existing = findRunByExternalId(input.externalRunId);
    if (!existing) {
      const run = insert.get(withDefaults(trainingRuns, { ...fields, createdById: actor.userId }));
      const edges = addEdges(tx, runEdges(run.id, input));
      assertRunWithinBounds(run.id, run.facets);
      recordAudit(tx, actor, { action: 'run.recorded', entityType: 'run', entityId: run.id, after: { ...run, edges } });
      return { run, created: true };
    }
    const { before, after, changed } = changedFields(existing, { ...fields, facets: fields.facets && mergeFacets(existing.facets, fields.facets) });
    const edges = addEdges(tx, runEdges(existing.id, input));
    if (!changed && edges.length === 0) return { run: existing, created: false };
    if (existing.createdById !== actor.userId) throw new Forbidden(`Run ${existing.externalRunId} was recorded by someone else; only they may add to it. Nothing was recorded.`);
    const run = changed ? update.get({ ...existing, ...after })! : existing;
    assertRunWithinBounds(run.id, run.facets);
    recordAudit(tx, actor, { action: 'run.updated', entityType: 'run', entityId: run.id, before, after: { ...after, addedEdges: edges } });
    return { run, created: false };
  });
}
