/**
 * Backup under load: `db backup` taken while 20 clients write, then restored by README's procedure (the `restore` or
 * `restore-pg` block, which verifies the chain and every stored file) into a new data directory (and, on PostgreSQL,
 * a new database). The restored server must start and serve an artifact acknowledged before the backup, and its audit
 * chain must be a prefix of the live one: its head event is the live event of the same sequence number, same hash.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { readmeShellBlock } from '@/lib/testing-cli';
import { createEmptyDatabase } from '@/lib/testing-sql';
import { deploy, onPostgres, runSuite, sleep } from './cluster';
import { replica, start, stop } from './replica';
import { createClientToken, drive, newTally, runCommand, type Acknowledged } from './workload';

const CLIENTS = 20;

async function main() {
  const root = path.join(process.env.RELIABILITY_DIR!, `backup-${onPostgres ? 'postgresql' : 'sqlite'}`);
  const basePort = Number(process.env.RELIABILITY_PORT ?? 3720);
  const cluster = await deploy(root, basePort);
  // The owner's connection: the replicas' own role (DATABASE_URL) may not create databases.
  const clusterUrl = process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL;
  const problems: string[] = [];
  const restored = replica('restored', basePort + 5, path.join(root, 'restored-data'));
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    const tally = newTally();
    let done = false;
    const load = drive(() => cluster.entry(), token, CLIENTS, () => done, acknowledged, tally);
    await sleep(3000);
    const beforeBackup = acknowledged.artifacts[0];
    const backupDir = path.join(root, 'backup');
    const backup = await runCommand(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/cli/main.ts', 'db', 'backup', backupDir], { DATA_DIR: cluster.replicas[0]!.dataDir });
    await sleep(2000);
    done = true;
    await load;
    if (backup.code !== 0) throw new Error(`db backup failed under load: ${backup.output}`);
    if (tally.serverErrors.length > 0) problems.push(...tally.serverErrors.map((e) => `HTTP ${e.status} while the backup ran: ${e.body}`));

    const database = onPostgres ? await createEmptyDatabase(clusterUrl!, 'provenant_restored') : undefined;
    const steps = await runCommand('bash', ['-euo', 'pipefail', '-c', readmeShellBlock(onPostgres ? 'restore-pg' : 'restore')], { BACKUP: backupDir, DATA_DIR: restored.dataDir, ...(database ? { DATABASE_URL: database, DATABASE_MIGRATION_URL: '' } : {}) });
    if (steps.code !== 0) throw new Error(`README's restore procedure failed: ${steps.output}`);
    const head = /Audit chain intact: (\d+) events; head seq=(\d+) hash=([0-9a-f]{64})/.exec(steps.output);
    if (!head) throw new Error(`audit verify printed no intact chain: ${steps.output}`);
    const [, count, seq, hash] = head;
    const live = first(await getDb().select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, Number(seq))).limit(1));
    if (live?.hash !== hash) problems.push(`the restored chain's head (seq ${seq}) is not the live event of that sequence number`);
    const liveCount = (await getDb().select({ seq: auditEvents.seq }).from(auditEvents)).length;

    // The restored server runs as the owner who restored it, as the README's procedure has it.
    if (database) Object.assign(process.env, { DATABASE_URL: database, DATABASE_MIGRATION_URL: '' });
    await start(restored, path.join(root, 'restored.log'));
    if (beforeBackup) {
      const download = await fetch(`${restored.url}/api/v1/artifacts/${beforeBackup}`, { headers: { authorization: `Bearer ${token}` } });
      if (download.status !== 200) problems.push(`the restored server answers ${download.status} for artifact ${beforeBackup}, acknowledged before the backup`);
      await download.arrayBuffer();
    } else problems.push('no artifact was acknowledged before the backup started');
    console.log(
      `backup under load (${onPostgres ? 'PostgreSQL, 2 replicas behind Caddy, S3' : 'SQLite, one process'}): ${CLIENTS} clients wrote ${acknowledged.systems.length + acknowledged.artifacts.length} acknowledged records while \`db backup\` ran; ` +
        `restored by the README procedure: chain intact, ${count} events, a prefix of the live ${liveCount}; the restored server started and served an artifact from before the backup`,
    );
  } finally {
    await stop(restored);
    await cluster.stopAll();
  }
  return problems;
}

runSuite('backup under load', main);
