/**
 * Times lineageClosure (depth 5) around random nodes of the seeded 100,000-node graph, in-process on the same
 * connection the app uses, against the bare indexed read of the node's direct edges. Interleaved per node, so
 * page-cache and CPU noise fall on both alike.
 */
import { getConnection } from '@/db';
import { lineageClosure } from '@/lib/lineage/closure';
import { readLineageBenchInfo } from './lineage-info';
import { median, percentile, printTable } from './report';
import { runMain } from './run-main';

const ms = (value: number) => value.toFixed(2);

const DEPTH = 5;
const WARMUP = 50;
const TARGET_MS = 50;

async function main() {
  const { sample, root } = readLineageBenchInfo();
  const { sqlite } = getConnection();
  const outgoing = sqlite.prepare('SELECT to_node, relation FROM lineage_edges WHERE from_node = ?');
  const incoming = sqlite.prepare('SELECT from_node, relation FROM lineage_edges WHERE to_node = ?');
  const bare: number[] = [];
  const closure: number[] = [];
  const sizes: number[] = [];
  let truncated = 0;
  for (const [i, node] of sample.entries()) {
    let t = performance.now();
    const direct = outgoing.all(node).length + incoming.all(node).length;
    const bareMs = performance.now() - t;
    t = performance.now();
    const result = await lineageClosure(node, DEPTH);
    const closureMs = performance.now() - t;
    if (direct === 0 || result.nodes.length < 2) throw new Error(`Node ${node} has no edges: the seed is broken.`);
    if (i < WARMUP) continue;
    bare.push(bareMs);
    closure.push(closureMs);
    sizes.push(result.nodes.length);
    if (result.truncated) truncated++;
  }
  // A heavier case for context: the 500-node graph the browser bench draws, one level deeper.
  const rootTimes: number[] = [];
  for (let run = 0; run < 30; run++) {
    const t = performance.now();
    await lineageClosure(root, DEPTH);
    rootTimes.push(performance.now() - t);
  }
  const rootSize = (await lineageClosure(root, DEPTH)).nodes.length;
  const n = bare.length;
  console.log(`\nLineage closure: depth ${DEPTH} around ${n} random nodes (after ${WARMUP} warm-up) of 100,000 nodes / 300,000 edges, in-process (ms)`);
  const row = (label: string, s: number[], verdict: string) => [label, s.length, ms(median(s)), ms(percentile(s, 95)), ms(Math.max(...s)), `${(median(s) / median(bare)).toFixed(1)}x`, verdict];
  printTable(
    ['measure', 'n', 'median', 'p95', 'max', 'median/bare', `target: median < ${TARGET_MS} ms`],
    [
      row('bare: direct edges (from_node = ? + to_node = ?)', bare, 'baseline'),
      row(`lineageClosure(node, ${DEPTH})`, closure, median(closure) < TARGET_MS ? 'met' : 'MISSED'),
      row(`lineageClosure(500-node graph root, ${DEPTH}): ${rootSize} nodes`, rootTimes, 'context'),
    ],
  );
  console.log(`Closure size: median ${median(sizes)} nodes, p95 ${percentile(sizes, 95)}, max ${Math.max(...sizes)}; ${truncated} of ${n} hit the 2,000-node cap.`);
}

// tsx runs bench scripts as CommonJS, where a top-level await does not compile (this bench failed so from 66ce15c on).
runMain(main);
