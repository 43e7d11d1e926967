import 'server-only';
import { sql } from 'drizzle-orm';
import { rawRows } from '@/db/raw';
import type { DatasetStatistics, LineageNodeKind } from '@/db/schema';

export type ClosureEdge = { from: string; to: string; relation: string; statistics: DatasetStatistics | null };
export type Closure = { nodes: { key: string; depth: number; direction: 'root' | 'upstream' | 'downstream' }[]; edges: ClosureEdge[]; truncated: boolean };

const MAX_NODES = 2000;

/**
 * A walk from each of `starts` along the edges, upstream (`up`: against their direction) or downstream (`down`), as a
 * recursive CTE of that name with the columns (start, node, depth). UNION (not UNION ALL) collapses repeated rows, and
 * the depth bound ends every walk, so cycles cannot make it run away. Portable SQL: the same statement runs on SQLite
 * and PostgreSQL (both name the column of a VALUES list `column1`).
 */
const walk = (name: 'up' | 'down', starts: string[], depth: number) => {
  const [from, to] = name === 'up' ? ['from_node', 'to_node'] : ['to_node', 'from_node'];
  const seeds = sql.join(starts.map((start) => sql`(${start})`), sql`, `);
  return sql`${sql.identifier(name)}(start, node, depth) AS (
    SELECT CAST(column1 AS text), CAST(column1 AS text), 0 FROM (VALUES ${seeds}) AS starts
    UNION SELECT w.start, e.${sql.identifier(from)}, w.depth + 1 FROM lineage_edges e JOIN ${sql.identifier(name)} w ON e.${sql.identifier(to)} = w.node WHERE w.depth < ${depth}
  )`;
};

/**
 * Upstream and downstream closure of one node, bounded in depth. A node reached both ways (a cycle) is placed where
 * it is nearest, upstream on a tie: `nearest` is depth * 3 + side (1 up, 2 down), so its minimum picks both at once.
 */
const closureRows = (start: string, depth: number) =>
  rawRows<{ node: string; nearest: number }>(sql`
WITH RECURSIVE ${walk('up', [start], depth)}, ${walk('down', [start], depth)}
SELECT node, min(depth * 3 + side) AS nearest FROM (
  SELECT node, depth, 1 AS side FROM up UNION ALL SELECT node, depth, 2 AS side FROM down
) AS walked GROUP BY node ORDER BY min(depth * 3 + side) / 3, node LIMIT ${MAX_NODES + 1}`);

/** Every node of one kind upstream of `start`, bounded in depth and nothing else: what a promotion gate checks. */
export async function upstreamOfKind(start: string, depth: number, kind: LineageNodeKind): Promise<string[]> {
  return (await upstreamOfKindEach([start], depth, kind))[0]!;
}

/** `upstreamOfKind` of several starts in one statement, in their order. */
export async function upstreamOfKindEach(starts: string[], depth: number, kind: LineageNodeKind): Promise<string[][]> {
  if (starts.length === 0) return [];
  const prefix = `${kind}:`;
  const rows = await rawRows<{ start: string; node: string }>(sql`WITH RECURSIVE ${walk('up', starts, depth)} SELECT DISTINCT start, node FROM up WHERE depth > 0 AND substr(node, 1, ${prefix.length}) = ${prefix} ORDER BY start, node`);
  return starts.map((start) => rows.filter((row) => row.start === start).map((row) => row.node));
}

/** The edges among these nodes; `statistics` is JSON text on SQLite and already parsed on PostgreSQL. */
const edgesAmong = (nodes: string[]) =>
  rawRows<Omit<ClosureEdge, 'statistics'> & { statistics: string | DatasetStatistics | null }>(sql`
SELECT from_node AS "from", to_node AS "to", relation, statistics FROM lineage_edges
WHERE from_node IN (${sql.join(nodes.map((node) => sql`${node}`), sql`, `)}) AND to_node IN (${sql.join(nodes.map((node) => sql`${node}`), sql`, `)})`);

export async function lineageClosure(start: string, depth: number): Promise<Closure> {
  const rows = await closureRows(start, depth);
  const truncated = rows.length > MAX_NODES;
  const nodes = rows.slice(0, MAX_NODES).map((r) => {
    const depth = Math.floor(Number(r.nearest) / 3);
    return { key: r.node, depth, direction: depth === 0 ? ('root' as const) : Number(r.nearest) % 3 === 1 ? ('upstream' as const) : ('downstream' as const) };
  });
  const found = await edgesAmong(nodes.map((n) => n.key));
  const edges = found.map((e) => ({ ...e, statistics: typeof e.statistics === 'string' ? (JSON.parse(e.statistics) as DatasetStatistics) : e.statistics }));
  return { nodes, edges, truncated };
}
