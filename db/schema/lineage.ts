import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { datasetVersions } from './datasets';
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
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('training_runs_job_idx').on(t.jobNamespace, t.jobName)],
);

/** A run's inputs: dataset versions and base model versions (external foundation models included). */
export const runInputs = sqliteTable(
  'run_inputs',
  {
    id: id(),
    runId: text('run_id')
      .notNull()
      .references(() => trainingRuns.id),
    datasetVersionId: text('dataset_version_id').references(() => datasetVersions.id),
    modelVersionId: text('model_version_id').references(() => modelVersions.id),
  },
  (t) => [
    uniqueIndex('run_inputs_uq').on(t.runId, t.datasetVersionId, t.modelVersionId),
    index('run_inputs_dataset_idx').on(t.datasetVersionId),
    index('run_inputs_model_idx').on(t.modelVersionId),
  ],
);

export const runOutputs = sqliteTable(
  'run_outputs',
  {
    id: id(),
    runId: text('run_id')
      .notNull()
      .references(() => trainingRuns.id),
    modelVersionId: text('model_version_id').references(() => modelVersions.id),
    datasetVersionId: text('dataset_version_id').references(() => datasetVersions.id),
  },
  (t) => [
    uniqueIndex('run_outputs_uq').on(t.runId, t.modelVersionId, t.datasetVersionId),
    index('run_outputs_model_idx').on(t.modelVersionId),
    index('run_outputs_dataset_idx').on(t.datasetVersionId),
  ],
);

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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deployments_env_endpoint_uq').on(t.environment, t.endpoint),
    index('deployments_version_idx').on(t.modelVersionId),
  ],
);
