import 'server-only';
import type Database from 'better-sqlite3';
import type { DatasetStatistics } from '@/db/schema';

export type ClosureEdge = { from: string; to: string; relation: string; statistics: DatasetStatistics | null };
export type Closure = { nodes: { key: string; depth: number; direction: 'root' | 'upstream' | 'downstream' }[]; edges: ClosureEdge[]; truncated: boolean };

const MAX_NODES = 2000;

/**
 * Upstream and downstream closure of one node, bounded in depth. UNION (not UNION ALL) collapses repeated
 * (node, depth) pairs, and the depth bound ends every walk, so cycles cannot make it run away.
 */
const CLOSURE_SQL = `
WITH RECURSIVE
  up(node, depth) AS (
    SELECT @start, 0
    UNION SELECT e.from_node, up.depth + 1 FROM lineage_edges e JOIN up ON e.to_node = up.node WHERE up.depth < @depth
  ),
  down(node, depth) AS (
    SELECT @start, 0
    UNION SELECT e.to_node, down.depth + 1 FROM lineage_edges e JOIN down ON e.from_node = down.node WHERE down.depth < @depth
  )
SELECT node, min(depth) AS depth, max(dir) AS dir FROM (
  SELECT node, depth, 1 AS dir FROM up UNION ALL SELECT node, depth, 2 AS dir FROM down
) GROUP BY node ORDER BY depth, node LIMIT @limit`;

const EDGES_SQL = `
SELECT from_node AS "from", to_node AS "to", relation, statistics FROM lineage_edges
WHERE from_node IN (SELECT value FROM json_each(@nodes)) AND to_node IN (SELECT value FROM json_each(@nodes))`;

export function lineageClosure(sqlite: Database.Database, start: string, depth: number): Closure {
  const rows = sqlite.prepare(CLOSURE_SQL).all({ start, depth, limit: MAX_NODES + 1 }) as { node: string; depth: number; dir: number }[];
  const truncated = rows.length > MAX_NODES;
  const nodes = rows.slice(0, MAX_NODES).map((r) => ({
    key: r.node,
    depth: r.depth,
    direction: r.depth === 0 ? ('root' as const) : r.dir === 1 ? ('upstream' as const) : ('downstream' as const),
  }));
  const found = sqlite.prepare(EDGES_SQL).all({ nodes: JSON.stringify(nodes.map((n) => n.key)) }) as (Omit<ClosureEdge, 'statistics'> & { statistics: string | null })[];
  const edges = found.map((e) => ({ ...e, statistics: e.statistics === null ? null : (JSON.parse(e.statistics) as DatasetStatistics) }));
  return { nodes, edges, truncated };
}
