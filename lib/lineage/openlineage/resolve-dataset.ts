import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { jsonArrayValues } from '@/db/portable-sql';
import { getDb, type Tx } from '@/db';
import { datasetAliases, datasets, datasetVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import type { FieldIssue } from '@/lib/errors';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';

export type OlDataset = { namespace: string; name: string; facets?: Record<string, unknown>; inputFacets?: Record<string, unknown>; outputFacets?: Record<string, unknown> };
type Identifier = { namespace: string; name: string; type?: string };

type DatasetVersion = typeof datasetVersions.$inferSelect;

/**
 * Dataset version ids by namespace, name and version label: those of the batch so far, and the event's own; and
 * `recorded`, the versions of the batch's datasets recorded before it began (see `versionsRecorded`).
 */
export type Resolved = { batch: Map<string, string>; event: Map<string, string>; recorded?: Map<string, { datasetId: string; systemId: string | null; version: DatasetVersion }> };

const byName = and(eq(datasets.namespace, sql.placeholder('namespace')), eq(datasets.name, sql.placeholder('name')));

const statements = preparedPerConnection((db) => ({
  byName: db.select({ id: datasets.id }).from(datasets).where(byName).prepare(),
  // A dataset named by its own name, with its version of the label when it has one: most events name known datasets.
  withVersion: db
    .select({ datasetId: datasets.id, systemId: datasets.systemId, version: datasetVersions })
    .from(datasets)
    .leftJoin(datasetVersions, and(eq(datasetVersions.datasetId, datasets.id), eq(datasetVersions.version, sql.placeholder('version'))))
    .where(byName)
    .prepare(),
  byAlias: db.select({ id: datasetAliases.datasetId }).from(datasetAliases).where(and(eq(datasetAliases.namespace, sql.placeholder('namespace')), eq(datasetAliases.name, sql.placeholder('name')))).prepare(),
  insertAlias: db.insert(datasetAliases).values(columnPlaceholders(datasetAliases)).onConflictDoNothing().prepare(),
}));

const byAlias = async ({ namespace, name }: Identifier) => (await statements().byAlias.get({ namespace, name }))?.id;
const lookup = async ({ namespace, name }: Identifier) => (await statements().byName.get({ namespace, name }))?.id ?? (await byAlias({ namespace, name }));

function symlinks(dataset: OlDataset): Identifier[] {
  const identifiers = (dataset.facets?.symlinks as { identifiers?: Identifier[] } | undefined)?.identifiers ?? [];
  return identifiers.filter((link) => link.namespace !== dataset.namespace || link.name !== dataset.name);
}

/**
 * The dataset an OpenLineage dataset names, by its own name or any of its `symlinks` (the HDFS path Spark writes and
 * the Hive table over it are one node). A symlink naming another recorded dataset is kept apart with a warning:
 * merging would move that dataset's versions, lineage and evidence, which no event may do silently. `own` is the
 * dataset its own name or an alias already found (undefined: none). Answers the new dataset's row when it made one.
 */
async function resolveDataset(tx: Tx, actor: Actor, dataset: OlDataset, own: string | undefined, path: string, warnings: FieldIssue[]): Promise<{ id: string; created?: { systemId: string | null } }> {
  const linked: { link: Identifier; id: string | undefined }[] = [];
  for (const link of symlinks(dataset)) linked.push({ link, id: await lookup(link) });
  const found = linked.find((l) => l.id !== undefined)?.id;
  const created = (own ?? found) !== undefined ? undefined : await createDataset(actor, { namespace: dataset.namespace, name: dataset.name, facets: dataset.facets }, tx, { absent: true });
  const id = own ?? found ?? created!.id;
  const aliases: Identifier[] = own === undefined && found !== undefined ? [{ namespace: dataset.namespace, name: dataset.name }] : [];
  for (const { link, id: other } of linked) {
    if (other === undefined) aliases.push(link);
    else if (other !== id) warnings.push({ path: `${path}.facets.symlinks`, message: `${link.namespace}/${link.name} is another recorded dataset; the two are kept apart, not merged.` });
  }
  const added: Identifier[] = [];
  for (const a of aliases) if ((await statements().insertAlias.run(withDefaults(datasetAliases, { namespace: a.namespace, name: a.name, type: a.type ?? null, datasetId: id }))) > 0) added.push(a);
  if (added.length > 0) await recordAudit(tx, actor, { action: 'dataset.updated', entityType: 'dataset', entityId: id, after: { aliasesAdded: added } });
  return { id, created };
}

/** The version label an OpenLineage dataset gives (its `version` facet), else "unversioned". */
function versionLabel(dataset: OlDataset): string {
  const versionFacet = dataset.facets?.version as { datasetVersion?: unknown } | undefined;
  return typeof versionFacet?.datasetVersion === 'string' ? versionFacet.datasetVersion : 'unversioned';
}

const versionKey = (dataset: OlDataset, label: string) => JSON.stringify([dataset.namespace, dataset.name, label]);

/**
 * The versions the datasets of a batch name that are recorded already, with their dataset's system, read in one
 * statement inside the batch's transaction: versions are never removed, so each stays true while the batch runs.
 * Only what is found counts; a version not found here is looked for again when an event names it.
 */
export async function versionsRecorded(named: OlDataset[]): Promise<NonNullable<Resolved['recorded']>> {
  const recorded: NonNullable<Resolved['recorded']> = new Map();
  if (named.length === 0) return recorded;
  const distinct = (values: string[]) => JSON.stringify([...new Set(values)]);
  const rows = await getDb()
    .select({ namespace: datasets.namespace, name: datasets.name, datasetId: datasets.id, systemId: datasets.systemId, version: datasetVersions })
    .from(datasets)
    .innerJoin(datasetVersions, and(eq(datasetVersions.datasetId, datasets.id), inArray(datasetVersions.version, jsonArrayValues(distinct(named.map(versionLabel))))))
    .where(and(inArray(datasets.namespace, jsonArrayValues(distinct(named.map((d) => d.namespace)))), inArray(datasets.name, jsonArrayValues(distinct(named.map((d) => d.name))))));
  for (const { namespace, name, ...known } of rows) recorded.set(versionKey({ namespace, name }, known.version.version), known);
  return recorded;
}

/** The version of the dataset the event names, read with the dataset when both are known; else made, as needed. */
async function versionOf(tx: Tx, actor: Actor, dataset: OlDataset, label: string, at: { path: string; warnings: FieldIssue[]; resolved: Resolved }) {
  const named = at.resolved.recorded?.get(versionKey(dataset, label)) ?? (await statements().withVersion.get({ namespace: dataset.namespace, name: dataset.name, version: label }));
  if (named && symlinks(dataset).length === 0) return await createDatasetVersion(actor, named.datasetId, { version: label }, tx, { existing: named.version, systemId: named.systemId });
  const { id, created } = await resolveDataset(tx, actor, dataset, named?.datasetId ?? (await byAlias(dataset)), at.path, at.warnings);
  return await createDatasetVersion(actor, id, { version: label }, tx, created && { existing: null, systemId: created.systemId, datasetIsNew: true });
}

/** The version of the dataset the event names (its `version` facet, else "unversioned"), created when new. */
export async function datasetVersionId(tx: Tx, actor: Actor, dataset: OlDataset, at: { path: string; warnings: FieldIssue[]; resolved: Resolved }): Promise<string> {
  const label = versionLabel(dataset);
  const key = versionKey(dataset, label);
  let id = at.resolved.event.get(key) ?? at.resolved.batch.get(key);
  if (id === undefined) {
    id = (await versionOf(tx, actor, dataset, label, at)).id;
    at.resolved.event.set(key, id);
  }
  return id;
}
