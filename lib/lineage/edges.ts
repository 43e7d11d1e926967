import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { datasetVersions, lineageEdges, modelVersions, type LineageRelation } from '@/db/schema';
import { Invalid, type FieldIssue } from '@/lib/errors';

export type EdgeInput = { fromNode: string; toNode: string; relation: LineageRelation };

/** Inserts edges that are not there yet and returns those it added (retries add nothing). */
export function addEdges(tx: Tx, edges: EdgeInput[]): EdgeInput[] {
  return edges.filter((edge) => tx.insert(lineageEdges).values(edge).onConflictDoNothing().run().changes > 0);
}

/** Refuses references to records that do not exist, naming each offending list position. */
export function assertReferencesExist(tx: Tx, refs: { field: string; kind: 'dataset_version' | 'model_version'; ids: string[] }[]) {
  const issues: FieldIssue[] = [];
  for (const { field, kind, ids } of refs) {
    if (ids.length === 0) continue;
    const table = kind === 'dataset_version' ? datasetVersions : modelVersions;
    const found = new Set(tx.select({ id: table.id }).from(table).where(inArray(table.id, ids)).all().map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `${field}.${i}`, message: `No ${kind.replace('_', ' ')} with id ${id}.` });
    });
  }
  if (issues.length > 0) throw new Invalid('Some referenced records do not exist.', issues);
}
