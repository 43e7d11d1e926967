/**
 * Seeds a fresh DATA_DIR (under the OS tmp dir) for the lineage benches: the demo accounts, an OpenLineage API
 * token, the 500-node graph the browser draws (through the app's verbs), then 300,000 edges over 100,000 nodes
 * in lineage_edges (prepared statement, one transaction). Writes lineage-bench.json next to DATA_DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConnection } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { lineageClosure } from '@/lib/lineage/closure';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/seed/demo-data';
import { createUser } from '@/lib/users/create-user';
import { writeLineageBenchInfo } from './lineage-info';
import { lineageShape } from './lineage-shape';
import { GRAPH500_DEPTH, seedGraph500 } from './seed-graph500';
import { runMain } from './run-main';

const dataDir = path.resolve(process.env.DATA_DIR ?? '');

async function main() {
  // The directory is wiped first, so refuse anything outside the tmp dir.
  if (!process.env.DATA_DIR || !dataDir.startsWith(path.resolve(os.tmpdir()) + path.sep)) throw new Error(`DATA_DIR must be under ${os.tmpdir()}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const started = performance.now();
  const users = await Promise.all(DEMO_USERS.map((u) => createUser(systemActor('bench seed'), { ...u, password: DEMO_PASSWORD })));
  const owner = users.find((u) => u.roles.includes('data_scientist'))!;
  const actor: Actor = { type: 'user', userId: owner.id, email: owner.email, name: owner.name, roles: owner.roles, ip: null, userAgent: 'bench seed' };
  const token = (await createApiToken(actor, owner.id, { name: 'bench openlineage', scopes: ['lineage:write'] })).secret;
  const root = await seedGraph500(actor);

  const { nodes, edges, random } = lineageShape();
  const { sqlite } = getConnection();
  const insert = sqlite.prepare('INSERT INTO lineage_edges (from_node, to_node, relation, created_at) VALUES (?, ?, ?, ?)');
  const now = new Date().toISOString();
  sqlite.transaction(() => {
    for (const e of edges) insert.run(e.from, e.to, e.relation, now);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('ANALYZE');

  const drawn = (await lineageClosure(root, GRAPH500_DEPTH)).nodes.length;
  if (drawn !== 500) throw new Error(`The browser graph has ${drawn} nodes at depth ${GRAPH500_DEPTH}, expected 500.`);
  const sample = Array.from({ length: 600 }, () => nodes[random.int(nodes.length)]!);
  writeLineageBenchInfo({ token, root, depth: GRAPH500_DEPTH, sample });
  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded lineage in ${seconds} s: ${count('SELECT count(*) AS n FROM lineage_edges')} edges over ` +
      `${count('SELECT count(*) AS n FROM (SELECT from_node FROM lineage_edges UNION SELECT to_node FROM lineage_edges)')} nodes, ` +
      `and a ${drawn}-node graph around ${root} (depth ${GRAPH500_DEPTH}) with its records`,
  );
}

runMain(main);
