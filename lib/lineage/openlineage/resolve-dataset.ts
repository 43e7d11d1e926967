import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { jsonArrayValues } from '@/db/portable-sql';
import { getDb, type Tx } from '@/db';
import { datasetAliases, datasets, datasetVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import type { FieldIssue } from '@/lib/errors';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { datasetWithOwners } from '@/lib/inventory/ownership';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';

export type OlDataset = { namespace: string; name: string; facets?: Record<string, unknown>; inputFacets?: Record<string, unknown>; outputFacets?: Record<string, unknown> };
type Identifier = { namespace: string; name: string; type?: string };

type DatasetVersion = typeof datasetVersions.$inferSelect;

type KnownDataset = { datasetId: string; systemId: string | null };

/**
 * What a batch's datasets were when it began, read inside its transaction under the write lock, so still true while it
 * runs except for what the batch does itself: recorded versions, and datasets by their own name and by alias. `seen`
 * holds every name an event of the batch has resolved or linked so far: only a name's first resolution may take a
 * name found in neither map as absent, since an earlier event (even one rolled back since) may have made it. `touched`
 * holds every dataset the batch has given a version, under any of its names: only an untouched dataset may be taken to
 * lack a version that was not recorded at the start.
 */
export type BatchStart = { versions: Map<string, KnownDataset & { version: DatasetVersion }>; datasets: Map<string, KnownDataset>; aliases: Map<string, string>; seen: Set<string>; touched: Set<string> };

/** Dataset version ids by namespace, name and version label: those of the batch so far, and the event's own; and the batch's start. */
export type Resolved = { batch: Map<string, string>; event: Map<string, string>; start?: BatchStart };

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
  // Another name is an edit of the dataset it names: an event may add one only to a dataset its sender may edit (or just made).
  if (aliases.length > 0 && !created && !can(actor, 'dataset.update', { ownerIds: (await datasetWithOwners(id)).ownerIds })) {
    for (const a of aliases) warnings.push({ path: `${path}.facets.symlinks`, message: `${a.namespace}/${a.name} was not recorded as another name of this dataset: only its owners may name it otherwise.` });
    return { id, created };
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

const nameKey = ({ namespace, name }: Identifier) => JSON.stringify([namespace, name]);
const versionKey = (dataset: OlDataset, label: string) => JSON.stringify([dataset.namespace, dataset.name, label]);

/**
 * What the datasets a batch names were when it began (see BatchStart): two statements for the whole batch. The
 * versions read are those of every label the batch names, for every namespace and name it names.
 */
export async function readBatchStart(named: OlDataset[]): Promise<BatchStart> {
  const start: BatchStart = { versions: new Map(), datasets: new Map(), aliases: new Map(), seen: new Set(), touched: new Set() };
  if (named.length === 0) return start;
  const distinct = (values: string[]) => jsonArrayValues(JSON.stringify([...new Set(values)]));
  const [namespaces, names] = [distinct(named.map((d) => d.namespace)), distinct(named.map((d) => d.name))];
  const rows = await getDb()
    .select({ namespace: datasets.namespace, name: datasets.name, datasetId: datasets.id, systemId: datasets.systemId, version: datasetVersions })
    .from(datasets)
    .leftJoin(datasetVersions, and(eq(datasetVersions.datasetId, datasets.id), inArray(datasetVersions.version, distinct(named.map(versionLabel)))))
    .where(and(inArray(datasets.namespace, namespaces), inArray(datasets.name, names)));
  for (const { namespace, name, version, ...dataset } of rows) {
    start.datasets.set(nameKey({ namespace, name }), dataset);
    if (version) start.versions.set(versionKey({ namespace, name }, version.version), { ...dataset, version });
  }
  const aliases = await getDb()
    .select({ namespace: datasetAliases.namespace, name: datasetAliases.name, datasetId: datasetAliases.datasetId })
    .from(datasetAliases)
    .where(and(inArray(datasetAliases.namespace, namespaces), inArray(datasetAliases.name, names)));
  for (const { datasetId, ...alias } of aliases) start.aliases.set(nameKey(alias), datasetId);
  return start;
}

/**
 * The version of the dataset the event names, read with the dataset when both are known; else made, as needed. The
 * batch's start answers without a statement what it knows, and on a name's first resolution what it does not.
 */
async function versionOf(tx: Tx, actor: Actor, dataset: OlDataset, label: string, at: { path: string; warnings: FieldIssue[]; resolved: Resolved }) {
  const { start } = at.resolved;
  const name = nameKey(dataset);
  const first = start !== undefined && !start.seen.has(name);
  if (start) for (const identifier of [dataset, ...symlinks(dataset)]) start.seen.add(nameKey(identifier));
  const known = first ? start.datasets.get(name) : undefined;
  const named =
    start?.versions.get(versionKey(dataset, label)) ??
    (first && !(known && start.touched.has(known.datasetId)) ? known && { ...known, version: null } : await statements().withVersion.get({ namespace: dataset.namespace, name: dataset.name, version: label }));
  if (named && symlinks(dataset).length === 0) {
    start?.touched.add(named.datasetId);
    return await createDatasetVersion(actor, named.datasetId, { version: label }, tx, { existing: named.version, systemId: named.systemId });
  }
  const own = named?.datasetId ?? (first ? start.aliases.get(name) : await byAlias(dataset));
  const { id, created } = await resolveDataset(tx, actor, dataset, own, at.path, at.warnings);
  start?.touched.add(id);
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
