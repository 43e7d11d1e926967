import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { modelVersions } from './models';
import { users } from './users';

export const trainingRuns = sqliteTable(
  'training_runs',
  {
    id: id(),
    /** MLflow run id or OpenLineage runId. */
    externalRunId: text('external_run_id').notNull().unique(),
    jobNamespace: text('job_namespace').notNull(),
    jobName: text('job_name').notNull(),
    codeRepository: text('code_repository'),
    codeCommit: text('code_commit'),
    parameters: text('parameters', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    environmentDigest: text('environment_digest'),
    state: text('state').notNull().default('COMPLETE'),
    startedAt: text('started_at'),
    endedAt: text('ended_at'),
    facets: text('facets', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The OpenLineage `jobType` job facet: a dbt model or an Airflow task is not a training run. */
    jobType: text('job_type', { mode: 'json' }).$type<JobTypeFacet>(),
    /** The OpenLineage `parent` run facet: the run (and its job) that started this one. */
    parentExternalRunId: text('parent_external_run_id'),
    parentJobNamespace: text('parent_job_namespace'),
    parentJobName: text('parent_job_name'),
    /** The eventTime of the latest event applied: a late START never overwrites what a later COMPLETE said. */
    lastEventTime: text('last_event_time'),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('training_runs_job_idx').on(t.jobNamespace, t.jobName), index('training_runs_parent_idx').on(t.parentExternalRunId), index('training_runs_created_idx').on(t.createdAt, t.id)],
);

export type JobTypeFacet = { processingType?: string; integration?: string; jobType?: string };

/** Every OpenLineage event applied, by the SHA-256 of its canonical JSON: an exact replay writes nothing. */
export const openLineageEvents = sqliteTable(
  'openlineage_events',
  {
    sha256: text('sha256').primaryKey(),
    externalRunId: text('external_run_id').notNull(),
    eventType: text('event_type'),
    eventTime: text('event_time').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [index('openlineage_events_run_idx').on(t.externalRunId)],
);

export const LINEAGE_NODE_KINDS = ['dataset_version', 'run', 'model_version', 'deployment'] as const;
export type LineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

/** `parent`: a child run -> the run that started it (OpenLineage `parent` run facet). */
export const LINEAGE_RELATIONS = ['input', 'base_model', 'output', 'deployed_as', 'parent'] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

/**
 * Every lineage edge in one table, nodes named "kind:id", so closure queries are one indexed recursive CTE:
 * dataset_version -input-> run, model_version -base_model-> run, run -output-> model/dataset version,
 * model_version -deployed_as-> deployment. Written by the verbs in the same transaction as the records.
 */
export const lineageEdges = sqliteTable(
  'lineage_edges',
  {
    fromNode: text('from_node').notNull(),
    toNode: text('to_node').notNull(),
    relation: text('relation', { enum: LINEAGE_RELATIONS }).notNull(),
    /** Input/output statistics a run reported for this dataset (rows, bytes, files), as the producer said. */
    statistics: text('statistics', { mode: 'json' }).$type<DatasetStatistics>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.fromNode, t.toNode] }), index('lineage_edges_to_idx').on(t.toNode)],
);

export type DatasetStatistics = { rowCount?: number; size?: number; fileCount?: number };

export const DEPLOYMENT_ENVIRONMENTS = ['staging', 'production'] as const;
export type DeploymentEnvironment = (typeof DEPLOYMENT_ENVIRONMENTS)[number];

export const deployments = sqliteTable(
  'deployments',
  {
    id: id(),
    /** Null when the running service reports a digest that matches no registered version. */
    modelVersionId: text('model_version_id').references(() => modelVersions.id),
    environment: text('environment', { enum: DEPLOYMENT_ENVIRONMENTS }).notNull(),
    endpoint: text('endpoint').notNull(),
    reportedSha256: text('reported_sha256').notNull(),
    reportedAt: text('reported_at').notNull(),
    createdById: text('created_by_id').references(() => users.id),
    /**
     * Who may report at this endpoint while it runs no version they own: whoever reported there first, until a risk
     * officer hands the endpoint to someone else (so a first report cannot keep the endpoint's real owner out).
     */
    reporterId: text('reporter_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deployments_env_endpoint_uq').on(t.environment, t.endpoint),
    index('deployments_version_idx').on(t.modelVersionId),
    index('deployments_reported_idx').on(t.reportedAt, t.id),
  ],
);
