import { index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { modelVersions } from './models';
import { users } from './users';
import { type JobTypeFacet, LINEAGE_RELATIONS, type DatasetStatistics, DEPLOYMENT_ENVIRONMENTS } from '../schema/lineage';

export { type JobTypeFacet, LINEAGE_NODE_KINDS, type LineageNodeKind, LINEAGE_RELATIONS, type LineageRelation, type DatasetStatistics, DEPLOYMENT_ENVIRONMENTS, type DeploymentEnvironment } from '../schema/lineage';

export const trainingRuns = pgTable(
  'training_runs',
  {
    id: id(),
    /** MLflow run id or OpenLineage runId. */
    externalRunId: text('external_run_id').notNull().unique(),
    jobNamespace: text('job_namespace').notNull(),
    jobName: text('job_name').notNull(),
    codeRepository: text('code_repository'),
    codeCommit: text('code_commit'),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull().default({}),
    environmentDigest: text('environment_digest'),
    state: text('state').notNull().default('COMPLETE'),
    startedAt: text('started_at'),
    endedAt: text('ended_at'),
    facets: jsonb('facets').$type<Record<string, unknown>>(),
    /** The OpenLineage `jobType` job facet: a dbt model or an Airflow task is not a training run. */
    jobType: jsonb('job_type').$type<JobTypeFacet>(),
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

/** Every OpenLineage event applied, by the SHA-256 of its canonical JSON: an exact replay writes nothing. */
export const openLineageEvents = pgTable(
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

/**
 * Every lineage edge in one table, nodes named "kind:id", so closure queries are one indexed recursive CTE:
 * dataset_version -input-> run, model_version -base_model-> run, run -output-> model/dataset version,
 * model_version -deployed_as-> deployment. Written by the verbs in the same transaction as the records.
 */
export const lineageEdges = pgTable(
  'lineage_edges',
  {
    fromNode: text('from_node').notNull(),
    toNode: text('to_node').notNull(),
    relation: text('relation', { enum: LINEAGE_RELATIONS }).notNull(),
    /** Input/output statistics a run reported for this dataset (rows, bytes, files), as the producer said. */
    statistics: jsonb('statistics').$type<DatasetStatistics>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.fromNode, t.toNode] }), index('lineage_edges_to_idx').on(t.toNode)],
);

export const deployments = pgTable(
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
