import { boolean, doublePrecision, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { deployments } from './lineage';
import { modelVersions } from './models';
import { users } from './users';
import { MONITORING_SOURCES, type HistogramPair } from '../schema/monitoring';

export { MONITORING_SOURCES, type MonitoringSource, type HistogramPair } from '../schema/monitoring';

/** One posted batch (one request, one audit event): what it covered and who sent it. */
export const monitoringBatches = pgTable(
  'monitoring_batches',
  {
    id: id(),
    modelVersionId: text('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    /** Null when the pipeline reported on a model version rather than a deployment. */
    deploymentId: text('deployment_id').references(() => deployments.id),
    windowStart: text('window_start').notNull(),
    windowEnd: text('window_end').notNull(),
    source: text('source', { enum: MONITORING_SOURCES }).notNull(),
    /** The tool that produced the figures, as the caller names it (`evidently 0.7.x`, `whylogs`...). */
    producer: text('producer').notNull().default(''),
    pointCount: integer('point_count').notNull(),
    /** SHA-256 of the body as received, so a repeated post of the same report is recognisable. */
    bodySha256: text('body_sha256').notNull(),
    createdById: text('created_by_id').references(() => users.id),
    receivedAt: createdAt(),
  },
  (t) => [index('monitoring_batches_version_idx').on(t.modelVersionId, t.windowEnd)],
);

/**
 * One metric point: a production metric (feature null) or a drift figure for a feature (or `__prediction__`).
 * `value` is the figure rules judge: the server's own when it computed one from histograms, else the reported one.
 */
export const monitoringPoints = pgTable(
  'monitoring_points',
  {
    id: id(),
    batchId: text('batch_id')
      .notNull()
      .references(() => monitoringBatches.id),
    modelVersionId: text('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    metric: text('metric').notNull(),
    feature: text('feature'),
    windowEnd: text('window_end').notNull(),
    value: doublePrecision('value'),
    valueSource: text('value_source', { enum: ['computed', 'reported'] }).notNull(),
    reportedValue: doublePrecision('reported_value'),
    /** The caller's own verdict (Evidently's `drift_detected`, a test's status), kept beside the server's figures. */
    reportedDrift: boolean('reported_drift'),
    computedPsi: doublePrecision('computed_psi'),
    computedJs: doublePrecision('computed_js'),
    histograms: jsonb('histograms').$type<HistogramPair | null>(),
  },
  (t) => [index('monitoring_points_series_idx').on(t.modelVersionId, t.metric, t.feature, t.windowEnd), index('monitoring_points_batch_idx').on(t.batchId)],
);
