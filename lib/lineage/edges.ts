import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { datasetVersions, lineageEdges, modelVersions, type DatasetStatistics, type LineageRelation } from '@/db/schema';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { isDistinctFrom, jsonArrayValues } from '@/db/portable-sql';
import { columnPlaceholders, preparedPerConnection, withDefaults } from '@/lib/prepared-statements';

export type EdgeInput = { fromNode: string; toNode: string; relation: LineageRelation; statistics?: DatasetStatistics };

// Every recorded run adds its edges and checks its references: prepared once, any number of ids as one JSON array.
const statements = preparedPerConnection((db) => {
  const selectIds = (table: typeof datasetVersions | typeof modelVersions) =>
    db.select({ id: table.id }).from(table).where(inArray(table.id, jsonArrayValues(sql.placeholder('ids')))).prepare();
  return {
    insertEdge: db.insert(lineageEdges).values(columnPlaceholders(lineageEdges)).onConflictDoNothing().prepare(),
    // A later report (COMPLETE after START) may bring the statistics of an edge already there: they replace the old.
    upsertEdge: db
      .insert(lineageEdges)
      .values(columnPlaceholders(lineageEdges))
      .onConflictDoUpdate({
        target: [lineageEdges.fromNode, lineageEdges.toNode],
        set: { statistics: sql`excluded.statistics` },
        setWhere: isDistinctFrom(lineageEdges.statistics, sql`excluded.statistics`),
      })
      .prepare(),
    existingDatasetVersions: selectIds(datasetVersions),
    existingModelVersions: selectIds(modelVersions),
  };
});

/** Inserts edges that are not there yet, or restates their statistics, and returns those it wrote (retries write nothing). */
export async function addEdges(_tx: Tx, edges: EdgeInput[]): Promise<EdgeInput[]> {
  const { insertEdge, upsertEdge } = statements();
  const added: EdgeInput[] = [];
  for (const edge of edges) if ((await (edge.statistics ? upsertEdge : insertEdge).run(withDefaults(lineageEdges, edge))) > 0) added.push(edge);
  return added;
}

/** Refuses references to records that do not exist, naming each offending list position. */
export async function assertReferencesExist(_tx: Tx, refs: { field: string; kind: 'dataset_version' | 'model_version'; ids: string[] }[]) {
  const issues: FieldIssue[] = [];
  for (const { field, kind, ids } of refs) {
    if (ids.length === 0) continue;
    const existing = kind === 'dataset_version' ? statements().existingDatasetVersions : statements().existingModelVersions;
    const found = new Set((await existing.all({ ids: JSON.stringify(ids) })).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `${field}.${i}`, message: `No ${kind.replace('_', ' ')} with id ${id}.` });
    });
  }
  if (issues.length > 0) throw new Invalid('Some referenced records do not exist.', issues);
}
