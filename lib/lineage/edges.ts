import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { datasetVersions, lineageEdges, modelVersions, type DatasetStatistics, type LineageRelation } from '@/db/schema';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { cachePerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';

export type EdgeInput = { fromNode: string; toNode: string; relation: LineageRelation; statistics?: DatasetStatistics };

// Every recorded run adds its edges and checks its references: prepared once, any number of ids as one JSON array.
const statements = cachePerConnection((db) => {
  const selectIds = (table: typeof datasetVersions | typeof modelVersions) =>
    db.select({ id: table.id }).from(table).where(inArray(table.id, sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`)).prepare();
  return {
    insertEdge: db.insert(lineageEdges).values(columnPlaceholders(lineageEdges)).onConflictDoNothing().prepare(),
    // A later report (COMPLETE after START) may bring the statistics of an edge already there: they replace the old.
    upsertEdge: db
      .insert(lineageEdges)
      .values(columnPlaceholders(lineageEdges))
      .onConflictDoUpdate({
        target: [lineageEdges.fromNode, lineageEdges.toNode],
        set: { statistics: sql`excluded.statistics` },
        setWhere: sql`${lineageEdges.statistics} IS NOT excluded.statistics`,
      })
      .prepare(),
    existing: { dataset_version: selectIds(datasetVersions), model_version: selectIds(modelVersions) },
  };
});

/** Inserts edges that are not there yet, or restates their statistics, and returns those it wrote (retries write nothing). */
export function addEdges(_tx: Tx, edges: EdgeInput[]): EdgeInput[] {
  const { insertEdge, upsertEdge } = statements();
  return edges.filter((edge) => (edge.statistics ? upsertEdge : insertEdge).run(withDefaults(lineageEdges, edge)).changes > 0);
}

/** Refuses references to records that do not exist, naming each offending list position. */
export function assertReferencesExist(_tx: Tx, refs: { field: string; kind: 'dataset_version' | 'model_version'; ids: string[] }[]) {
  const issues: FieldIssue[] = [];
  for (const { field, kind, ids } of refs) {
    if (ids.length === 0) continue;
    const found = new Set(statements().existing[kind].all({ ids: JSON.stringify(ids) }).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `${field}.${i}`, message: `No ${kind.replace('_', ' ')} with id ${id}.` });
    });
  }
  if (issues.length > 0) throw new Invalid('Some referenced records do not exist.', issues);
}
