import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { blobs } from './artifacts';
import { datasetVersions } from './datasets';
import { modelVersions } from './models';
import { users } from './users';

export const EVIDENCE_KINDS = [
  'performance',
  'robustness',
  'fairness',
  'red_team',
  'privacy',
  'explainability',
  'security_scan',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVALUATION_ENVIRONMENTS = ['staging', 'production'] as const;
export const COMPARATORS = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type Comparator = (typeof COMPARATORS)[number];

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
    performedAt: text('performed_at').notNull(),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
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
    value: real('value').notNull(),
    threshold: real('threshold'),
    comparator: text('comparator', { enum: COMPARATORS }),
    /** Computed by the server from value, threshold and comparator; null when there is no threshold. */
    passed: integer('passed', { mode: 'boolean' }),
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
