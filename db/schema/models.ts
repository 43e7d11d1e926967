import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns';
import { aiSystems } from './systems';
import { users } from './users';
import { MODEL_FORMATS, STAGES, type ModelFormat, type Stage } from './vocabulary';

export { MODEL_FORMATS, STAGES, type ModelFormat, type Stage };

export const SCAN_STATUSES = ['clean', 'unsafe', 'unknown'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export type ScanFinding = { code: string; severity: 'info' | 'warning' | 'critical'; message: string };

export const models = sqliteTable(
  'models',
  {
    id: id(),
    systemId: text('system_id')
      .notNull()
      .references(() => aiSystems.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    task: text('task').notNull().default(''),
    /** Card metadata the Hub and CycloneDX name: `library_name`, `pipeline_tag`, `language`, modelParameters. */
    libraryName: text('library_name'),
    pipelineTag: text('pipeline_tag'),
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default([]),
    approach: text('approach'),
    architectureFamily: text('architecture_family'),
    modelArchitecture: text('model_architecture'),
    inputs: text('inputs', { mode: 'json' }).$type<{ format: string }[]>().notNull().default([]),
    outputs: text('outputs', { mode: 'json' }).$type<{ format: string }[]>().notNull().default([]),
    /** The model's name in the system it came from (`mlflow:<registered model>`, `cyclonedx:<bom-ref>`). */
    externalRef: text('external_ref'),
    createdById: text('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('models_system_name_uq').on(t.systemId, t.name), uniqueIndex('models_external_ref_uq').on(t.externalRef)],
);

export const modelVersions = sqliteTable(
  'model_versions',
  {
    id: id(),
    modelId: text('model_id')
      .notNull()
      .references(() => models.id),
    version: text('version').notNull(),
    artifactSha256: text('artifact_sha256').notNull(),
    artifactSize: integer('artifact_size'),
    format: text('format', { enum: MODEL_FORMATS }).notNull(),
    uri: text('uri'),
    license: text('license').notNull().default(''),
    /** External foundation models are versions too: source (e.g. a hub) and its revision. */
    externalSource: text('external_source'),
    externalRevision: text('external_revision'),
    /** The version's name in the registry it came from (`mlflow:<model>/<version>`). */
    externalRef: text('external_ref'),
    stage: text('stage', { enum: STAGES }).notNull().default('development'),
    stageChangedAt: text('stage_changed_at'),
    scanStatus: text('scan_status', { enum: SCAN_STATUSES }).notNull().default('unknown'),
    scanFindings: text('scan_findings', { mode: 'json' }).$type<ScanFinding[]>().notNull().default([]),
    /** Whether the stored bytes were last re-hashed to the declared digest (null: never verified or no blob). */
    integrityVerifiedAt: text('integrity_verified_at'),
    integrityOk: integer('integrity_ok', { mode: 'boolean' }),
    registeredById: text('registered_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('model_versions_model_version_uq').on(t.modelId, t.version),
    index('model_versions_digest_idx').on(t.artifactSha256),
    index('model_versions_stage_idx').on(t.stage),
    uniqueIndex('model_versions_external_ref_uq').on(t.externalRef),
  ],
);
