import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { datasetVersions, lineageEdges, modelVersions, type DatasetStatistics, type LineageRelation } from '@/db/schema';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { isDistinctFrom, jsonArrayValues } from '@/db/portable-sql';
import { cachePerConnection, columnPlaceholders, portable, preparedPerConnection, withDefaults } from '@/lib/prepared-statements';

export type EdgeInput = { fromNode: string; toNode: string; relation: LineageRelation; statistics?: DatasetStatistics };

// Every recorded run checks its references: prepared once, any number of ids as one JSON array.
const statements = preparedPerConnection((db) => {
  const selectIds = (table: typeof datasetVersions | typeof modelVersions) =>
    db.select({ id: table.id }).from(table).where(inArray(table.id, jsonArrayValues(sql.placeholder('ids')))).prepare();
  return { existingDatasetVersions: selectIds(datasetVersions), existingModelVersions: selectIds(modelVersions) };
});

const placeholderOf = (column: string, row: number) => `${column}_${row}`;
const CACHED_UP_TO = 32;

/**
 * A run's edges are written in one statement, prepared once per number of edges. An edge already there is left as
 * it is, unless the report brings statistics that differ from those it has (COMPLETE after START): they replace them.
 * An edge without statistics holds SQL NULL, which the update's condition needs.
 */
const insertEdges = cachePerConnection((db) => {
  const byCount = new Map<number, ReturnType<typeof prepare>>();
  const prepare = (count: number) =>
    portable(
      db
        .insert(lineageEdges)
        .values(Array.from({ length: count }, (_, row) => ({ ...columnPlaceholders(lineageEdges, (column) => placeholderOf(column, row)), statistics: sql`${sql.placeholder(placeholderOf('statistics', row))}` })))
        .onConflictDoUpdate({
          target: [lineageEdges.fromNode, lineageEdges.toNode],
          set: { statistics: sql`excluded.statistics` },
          setWhere: and(sql`excluded.statistics IS NOT NULL`, isDistinctFrom(lineageEdges.statistics, sql`excluded.statistics`)),
        })
        .returning({ fromNode: lineageEdges.fromNode, toNode: lineageEdges.toNode })
        .prepare(),
      { keep: count <= CACHED_UP_TO },
    );
  // Runs report a handful of edges; the rare larger report is prepared for itself rather than kept.
  return (count: number) => {
    let statement = byCount.get(count);
    if (!statement) {
      statement = prepare(count);
      if (count <= CACHED_UP_TO) byCount.set(count, statement);
    }
    return statement;
  };
});

const edgeKey = (edge: { fromNode: string; toNode: string }) => `${edge.fromNode}\u0000${edge.toNode}`;

/**
 * Inserts edges that are not there yet, or restates their statistics, and returns those it wrote (retries write
 * nothing). An edge named twice is written once, with the last statistics given for it.
 */
export async function addEdges(_tx: Tx, edges: EdgeInput[]): Promise<EdgeInput[]> {
  const unique = new Map<string, EdgeInput>();
  for (const edge of edges) {
    const seen = unique.get(edgeKey(edge));
    if (!seen) unique.set(edgeKey(edge), edge);
    else if (edge.statistics) unique.set(edgeKey(edge), { ...seen, statistics: edge.statistics });
  }
  if (unique.size === 0) return [];
  const values: Record<string, unknown> = {};
  [...unique.values()].forEach((edge, row) => {
    for (const [column, value] of Object.entries(withDefaults(lineageEdges, edge))) values[placeholderOf(column, row)] = value;
    // Written as JSON text here, so that no statistics is SQL NULL (drizzle's JSON column would store the text null).
    values[placeholderOf('statistics', row)] = edge.statistics ? JSON.stringify(edge.statistics) : null;
  });
  const written = new Set((await insertEdges()(unique.size).all(values)).map(edgeKey));
  return [...unique.values()].filter((edge) => written.has(edgeKey(edge)));
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
