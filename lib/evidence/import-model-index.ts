import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { withTransaction, type Tx } from '@/db';
import { jsonArrayValues } from '@/db/portable-sql';
import { evaluationMetrics, evaluations, models } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { canonicalJson } from '@/lib/canonical-json';
import { markCreated } from '@/lib/idempotent';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { columnPlaceholders, preparedPerConnection, withDefaults } from '@/lib/prepared-statements';
import { mapInOrder } from '@/lib/map-in-order';
import { readModelCardMetadata, type ModelCardMetadata } from './model-card-metadata';
import { parseModelIndexDocument, readModelCardDocument, type ImportedMetric, type ModelIndexResult } from './model-index';
import type { ZImportModelIndexInput } from './schemas';
import { groupBy } from '@/lib/group-by';

export const MODEL_INDEX_PRODUCER = 'Hugging Face model-index';

type Input = z.output<typeof ZImportModelIndexInput>;
type EvaluationRow = typeof evaluations.$inferSelect;
type MetricRow = typeof evaluationMetrics.$inferSelect;
type EarlierMetric = { evaluationId: string; metricType: string | null; name: string; value: number; unit: string | null; verified: boolean | null };

/**
 * Statements prepared once per connection: building 700 rows through drizzle's query builder took ~140 ms of event
 * loop, running prepared ones takes a few.
 */
const statements = preparedPerConnection((db) => {
  const scope = and(
    eq(evaluations.modelVersionId, sql.placeholder('modelVersionId')),
    eq(evaluations.kind, 'performance'),
    eq(evaluations.artifactSha256, sql.placeholder('artifactSha256')),
    eq(evaluations.environment, sql.placeholder('environment')),
    eq(evaluations.producer, sql.placeholder('producer')),
    eq(evaluations.status, 'active'),
  );
  return {
    insertEvaluation: db.insert(evaluations).values(columnPlaceholders(evaluations)).prepare(),
    insertMetric: db.insert(evaluationMetrics).values(columnPlaceholders(evaluationMetrics)).prepare(),
    // Only imports that share the first figure of this card can be the same card: the rest are never loaded.
    candidateTimes: db
      .selectDistinct({ createdAt: evaluations.createdAt })
      .from(evaluations)
      .innerJoin(evaluationMetrics, eq(evaluationMetrics.evaluationId, evaluations.id))
      .where(and(scope, eq(evaluations.summary, sql.placeholder('summary')), eq(evaluationMetrics.metricType, sql.placeholder('metricType')), eq(evaluationMetrics.name, sql.placeholder('name')), eq(evaluationMetrics.value, sql.placeholder('value'))))
      .prepare(),
    earlier: db
      .select({ id: evaluations.id, summary: evaluations.summary, createdAt: evaluations.createdAt })
      .from(evaluations)
      .where(and(scope, sql`${evaluations.createdAt} IN ${jsonArrayValues(sql.placeholder('times'))}`))
      .prepare(),
    earlierMetrics: db
      .select({ evaluationId: evaluationMetrics.evaluationId, metricType: evaluationMetrics.metricType, name: evaluationMetrics.name, value: evaluationMetrics.value, unit: evaluationMetrics.unit, verified: evaluationMetrics.verified })
      .from(evaluationMetrics)
      .where(sql`${evaluationMetrics.evaluationId} IN ${jsonArrayValues(sql.placeholder('ids'))}`)
      .prepare(),
  };
});

const resultKey = (summary: string, metrics: Omit<EarlierMetric, 'evaluationId'>[]) =>
  JSON.stringify([summary, metrics.map((m) => [m.metricType, m.name, m.value, m.unit, m.verified])]);
const importKey = (keys: string[]) => JSON.stringify([...keys].sort());

/**
 * The ids of an earlier import of the same card, if any: the rows of one import share their receipt time, so an
 * import is the group of active records with one createdAt, and the same card gives the same keys.
 */
async function findSameImport(input: Input, results: ModelIndexResult[]): Promise<string[] | null> {
  const { candidateTimes, earlier, earlierMetrics } = statements();
  const scope = { modelVersionId: input.modelVersionId, artifactSha256: input.artifactSha256, environment: input.environment, producer: MODEL_INDEX_PRODUCER };
  const [first] = results;
  const metric = first!.metrics[0]!;
  const times = (await candidateTimes.all({ ...scope, summary: first!.summary, metricType: metric.metricType, name: metric.name, value: metric.value })).map((t) => t.createdAt);
  if (times.length === 0) return null;
  const groups = [...groupBy(await earlier.all({ ...scope, times: JSON.stringify(times) }), (r) => r.createdAt).values()].filter((group) => group.length === results.length);
  if (groups.length === 0) return null;
  const wanted = importKey(results.map((r) => resultKey(r.summary, r.metrics.map((m) => ({ ...m, verified: m.verified ?? null })))));
  const metricsOf = groupBy(await earlierMetrics.all({ ids: JSON.stringify(groups.flat().map((r) => r.id)) }), (m) => m.evaluationId);
  const match = groups.find((group) => importKey(group.map((r) => resultKey(r.summary, metricsOf.get(r.id) ?? []))) === wanted);
  return match ? match.map((r) => r.id) : null;
}

/** The stored records of these evaluations, in the given order, with their metrics. */
async function readRecords(tx: Tx, ids: string[]) {
  const rows = new Map((await tx.select().from(evaluations).where(inArray(evaluations.id, ids))).map((row) => [row.id, row]));
  const metricsOf = groupBy(await tx.select().from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids)), (m) => m.evaluationId);
  return ids.map((id) => ({ ...rows.get(id)!, metrics: metricsOf.get(id) ?? [] }));
}

async function insertResults(actor: Actor, input: Input, results: ModelIndexResult[]) {
  const { insertEvaluation, insertMetric } = statements();
  const receivedAt = new Date().toISOString();
  // One import shares its receipt time, so ids that sort in the card's order keep that order in the card and its exports.
  const prefix = crypto.randomUUID().slice(0, 28);
  return await mapInOrder(results, async (result, i) => {
    const evaluation: EvaluationRow = {
      id: `${prefix}${i.toString(16).padStart(8, '0')}`,
      modelVersionId: input.modelVersionId,
      artifactSha256: input.artifactSha256,
      kind: 'performance',
      environment: input.environment,
      datasetVersionId: null,
      producer: MODEL_INDEX_PRODUCER,
      summary: result.summary,
      performedAt: receivedAt,
      createdById: actor.userId,
      createdAt: receivedAt,
      status: 'active',
      statusReason: null,
      statusChangedAt: null,
      statusChangedById: null,
      supersededById: null,
      reportFormat: null,
      reportTool: null,
      modelIndexResult: result.source,
    };
    await insertEvaluation.run(withDefaults(evaluations, evaluation));
    const metrics = await mapInOrder(result.metrics, async (m: ImportedMetric): Promise<MetricRow> => {
      const row = { id: crypto.randomUUID(), evaluationId: evaluation.id, ...m, threshold: null, comparator: null, passed: null, origin: 'claimed' as const, lowerBound: null, upperBound: null };
      await insertMetric.run(withDefaults(evaluationMetrics, row));
      return row;
    });
    return { ...evaluation, metrics };
  });
}

/**
 * The card's library_name, pipeline_tag and language fill the model's fields that are still empty; what the owner set
 * stays. Returns what it set, for the import's audit event.
 */
async function fillModelMetadata(tx: Tx, model: typeof models.$inferSelect, metadata: ModelCardMetadata): Promise<ModelCardMetadata> {
  const fill: ModelCardMetadata = {
    ...(metadata.libraryName && !model.libraryName ? { libraryName: metadata.libraryName } : {}),
    ...(metadata.pipelineTag && !model.pipelineTag ? { pipelineTag: metadata.pipelineTag } : {}),
    ...(metadata.languages && model.languages.length === 0 ? { languages: metadata.languages } : {}),
  };
  if (Object.keys(fill).length) await tx.update(models).set({ ...fill, updatedAt: new Date().toISOString() }).where(eq(models.id, model.id));
  return fill;
}

/**
 * Imports Hugging Face model-index results as performance evidence, one evaluation per task and dataset, in one
 * transaction with one `evaluation.imported` audit event. The same card again for the same version, digest and
 * environment answers the records of the first import and writes nothing.
 */
export async function importModelIndex(actor: Actor, input: Input) {
  const { version, ownerIds, model } = await modelVersionWithOwners(input.modelVersionId);
  assertCan(actor, 'evidence.record', { ownerIds });
  const document = readModelCardDocument(input.content);
  const results = parseModelIndexDocument(document);
  const metadata = readModelCardMetadata(document);
  const withCount = (records: (EvaluationRow & { metrics: MetricRow[] })[]) => records.map((r) => ({ ...r, attachments: [], countsForVersion: r.artifactSha256 === version.artifactSha256 }));
  return await withTransaction(async (tx) => {
    await assertSystemLive(tx, model.systemId, 'Evidence cannot be imported');
    const earlier = await findSameImport(input, results);
    if (earlier) return markCreated({ items: withCount(await readRecords(tx, earlier)), total: earlier.length }, false);
    const items = withCount(await insertResults(actor, input, results));
    const modelMetadata = await fillModelMetadata(tx, model, metadata);
    // The records hold the figures; the event names them and binds their content by digest.
    await recordAudit(tx, actor, {
      action: 'evaluation.imported',
      entityType: 'model_version',
      entityId: input.modelVersionId,
      after: {
        producer: MODEL_INDEX_PRODUCER,
        environment: input.environment,
        artifactSha256: input.artifactSha256,
        evaluationIds: items.map((e) => e.id),
        metricCount: items.reduce((n, e) => n + e.metrics.length, 0),
        resultsSha256: createHash('sha256').update(canonicalJson(results)).digest('hex'),
        ...(Object.keys(modelMetadata).length ? { modelId: model.id, modelMetadata } : {}),
      },
    });
    return markCreated({ items, total: items.length }, true);
  });
}
