import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { datasetAliases, datasets } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import type { FieldIssue } from '@/lib/errors';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';

export type OlDataset = { namespace: string; name: string; facets?: Record<string, unknown>; inputFacets?: Record<string, unknown>; outputFacets?: Record<string, unknown> };
type Identifier = { namespace: string; name: string; type?: string };

/** Dataset version ids by namespace, name and version label: those of the batch so far, and the event's own. */
export type Resolved = { batch: Map<string, string>; event: Map<string, string> };

const statements = preparedPerConnection((db) => ({
  byName: db.select({ id: datasets.id }).from(datasets).where(and(eq(datasets.namespace, sql.placeholder('namespace')), eq(datasets.name, sql.placeholder('name')))).prepare(),
  byAlias: db.select({ id: datasetAliases.datasetId }).from(datasetAliases).where(and(eq(datasetAliases.namespace, sql.placeholder('namespace')), eq(datasetAliases.name, sql.placeholder('name')))).prepare(),
  insertAlias: db.insert(datasetAliases).values(columnPlaceholders(datasetAliases)).onConflictDoNothing().prepare(),
}));

const lookup = async ({ namespace, name }: Identifier) => (await statements().byName.get({ namespace, name }))?.id ?? (await statements().byAlias.get({ namespace, name }))?.id;

function symlinks(dataset: OlDataset): Identifier[] {
  const identifiers = (dataset.facets?.symlinks as { identifiers?: Identifier[] } | undefined)?.identifiers ?? [];
  return identifiers.filter((link) => link.namespace !== dataset.namespace || link.name !== dataset.name);
}

/**
 * The dataset an OpenLineage dataset names, by its own name or any of its `symlinks` (the HDFS path Spark writes and
 * the Hive table over it are one node). A symlink naming another recorded dataset is kept apart with a warning:
 * merging would move that dataset's versions, lineage and evidence, which no event may do silently.
 */
async function resolveDataset(tx: Tx, actor: Actor, dataset: OlDataset, path: string, warnings: FieldIssue[]): Promise<string> {
  const own = await lookup(dataset);
  const linked: { link: Identifier; id: string | undefined }[] = [];
  for (const link of symlinks(dataset)) linked.push({ link, id: await lookup(link) });
  const found = linked.find((l) => l.id !== undefined)?.id;
  const id = own ?? found ?? (await createDataset(actor, { namespace: dataset.namespace, name: dataset.name, facets: dataset.facets }, tx)).id;
  const aliases: Identifier[] = own === undefined && found !== undefined ? [{ namespace: dataset.namespace, name: dataset.name }] : [];
  for (const { link, id: other } of linked) {
    if (other === undefined) aliases.push(link);
    else if (other !== id) warnings.push({ path: `${path}.facets.symlinks`, message: `${link.namespace}/${link.name} is another recorded dataset; the two are kept apart, not merged.` });
  }
  const added: Identifier[] = [];
  for (const a of aliases) if ((await statements().insertAlias.run(withDefaults(datasetAliases, { namespace: a.namespace, name: a.name, type: a.type ?? null, datasetId: id }))) > 0) added.push(a);
  if (added.length > 0) await recordAudit(tx, actor, { action: 'dataset.updated', entityType: 'dataset', entityId: id, after: { aliasesAdded: added } });
  return id;
}

/** The version of the dataset the event names (its `version` facet, else "unversioned"), created when new. */
export async function datasetVersionId(tx: Tx, actor: Actor, dataset: OlDataset, at: { path: string; warnings: FieldIssue[]; resolved: Resolved }): Promise<string> {
  const versionFacet = dataset.facets?.version as { datasetVersion?: unknown } | undefined;
  const label = typeof versionFacet?.datasetVersion === 'string' ? versionFacet.datasetVersion : 'unversioned';
  const key = JSON.stringify([dataset.namespace, dataset.name, label]);
  let id = at.resolved.event.get(key) ?? at.resolved.batch.get(key);
  if (id === undefined) {
    id = (await createDatasetVersion(actor, await resolveDataset(tx, actor, dataset, at.path, at.warnings), { version: label }, tx)).id;
    at.resolved.event.set(key, id);
  }
  return id;
}
