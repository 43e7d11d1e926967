import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { aiSystems } from './systems';
import { users } from './users';

/** Datasets follow OpenLineage naming: a namespace (the source) and a name within it. */
export const datasets = pgTable(
  'datasets',
  {
    id: id(),
    systemId: text('system_id').references(() => aiSystems.id),
    namespace: text('namespace').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    license: text('license').notNull().default(''),
    personalData: boolean('personal_data').notNull().default(false),
    provenance: text('provenance').notNull().default(''),
    /** Datasheet fields (motivation, composition, collection, preprocessing ...). */
    datasheet: jsonb('datasheet').$type<Record<string, string>>().notNull().default({}),
    facets: jsonb('facets').$type<Record<string, unknown>>(),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('datasets_ns_name_uq').on(t.namespace, t.name), index('datasets_system_idx').on(t.systemId)],
);

export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: id(),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id),
    version: text('version').notNull(),
    sha256: text('sha256'),
    size: bigint('size', { mode: 'number' }),
    uri: text('uri'),
    license: text('license'),
    personalData: boolean('personal_data'),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('dataset_versions_uq').on(t.datasetId, t.version)],
);

/**
 * Other names of one dataset (OpenLineage `symlinks`: the HDFS path Spark writes and the Hive table over it), so
 * an event naming either lands on one node. The dataset's own namespace + name is not repeated here.
 */
export const datasetAliases = pgTable(
  'dataset_aliases',
  {
    namespace: text('namespace').notNull(),
    name: text('name').notNull(),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id),
    /** The symlink's `type` (`TABLE` ...), as the producer said. */
    type: text('type'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.namespace, t.name] }), index('dataset_aliases_dataset_idx').on(t.datasetId)],
);
