import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { blobs } from './artifacts';
import { datasetVersions } from './datasets';
import { modelVersions } from './models';
import { users } from './users';
import { EVIDENCE_KINDS, COMPARATORS, type EvidenceKind, type Comparator, REPORT_FORMATS, type ReportFormat } from './vocabulary';

export { EVIDENCE_KINDS, COMPARATORS, type EvidenceKind, type Comparator, REPORT_FORMATS, type ReportFormat };

export const EVALUATION_ENVIRONMENTS = ['staging', 'production'] as const;

/** Evidence is never deleted: a wrong record is retracted or superseded by its owner, stays visible and never counts. */
export const EVIDENCE_STATUSES = ['active', 'retracted', 'superseded'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** Tool reports the server parses itself (POST /api/v1/evaluations/reports); their metrics are computed, not claimed. */

/** `computed`: derived by the server from bytes it holds (an attached tool report); `claimed`: typed or imported as said. */
export const METRIC_ORIGINS = ['computed', 'claimed'] as const;
export type MetricOrigin = (typeof METRIC_ORIGINS)[number];

/** The Hugging Face model-index result a record was imported from: task and dataset as the card named them. */
export type ModelIndexSource = {
  task: { type: string; name?: string };
  dataset?: { type: string; name: string; config?: string; split?: string; revision?: string };
};

export const evaluations = sqliteTable(
  'evaluations',
  {
    id: id(),
    modelVersionId: text('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    /** The digest of the artifact the evaluation ran on; it counts only when it equals the version's digest. */
    artifactSha256: text('artifact_sha256').notNull(),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    environment: text('environment', { enum: EVALUATION_ENVIRONMENTS }).notNull(),
    datasetVersionId: text('dataset_version_id').references(() => datasetVersions.id),
    producer: text('producer').notNull().default(''),
    summary: text('summary').notNull().default(''),
    /** The time the caller claims the evaluation ran (never in the future); ages count from the earlier of this and createdAt. */
    performedAt: text('performed_at').notNull(),
    createdById: text('created_by_id').references(() => users.id),
    /** The server's receipt time: which record satisfies a requirement is decided by this order. */
    createdAt: createdAt(),
    status: text('status', { enum: EVIDENCE_STATUSES }).notNull().default('active'),
    statusReason: text('status_reason'),
    statusChangedAt: text('status_changed_at'),
    statusChangedById: text('status_changed_by_id').references(() => users.id),
    supersededById: text('superseded_by_id'),
    /** Set when the record was derived from an attached tool report; the report is the first attachment. */
    reportFormat: text('report_format', { enum: REPORT_FORMATS }),
    /** The tool and version the report names (e.g. `Trivy 0.50.1`), as the report says. */
    reportTool: text('report_tool'),
    modelIndexResult: text('model_index_result', { mode: 'json' }).$type<ModelIndexSource>(),
  },
  (t) => [index('evaluations_version_idx').on(t.modelVersionId, t.kind)],
);

export const evaluationMetrics = sqliteTable(
  'evaluation_metrics',
  {
    id: id(),
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id),
    name: text('name').notNull(),
    /** The metric's identity in its source (model-index `type`, e.g. `wer`), beside the display name. */
    metricType: text('metric_type'),
    /** The unit the value is in when the source gave one (`%` for a percentage string). */
    unit: text('unit'),
    /** model-index `verified`: the hub verified the figure; null when the source says nothing. */
    verified: integer('verified', { mode: 'boolean' }),
    value: real('value').notNull(),
    threshold: real('threshold'),
    comparator: text('comparator', { enum: COMPARATORS }),
    /** Computed by the server from value, threshold and comparator; null when there is no threshold. */
    passed: integer('passed', { mode: 'boolean' }),
    origin: text('origin', { enum: METRIC_ORIGINS }).notNull().default('claimed'),
    /** A confidence interval around the value, when the source gives one (garak's bootstrap bounds, a model card's CI). */
    lowerBound: real('lower_bound'),
    upperBound: real('upper_bound'),
  },
  (t) => [index('evaluation_metrics_eval_idx').on(t.evaluationId)],
);

export const evaluationAttachments = sqliteTable(
  'evaluation_attachments',
  {
    id: id(),
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id),
    blobSha256: text('blob_sha256')
      .notNull()
      .references(() => blobs.sha256),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
  },
  (t) => [index('evaluation_attachments_eval_idx').on(t.evaluationId)],
);
