/**
 * Disk full: the deployment's local storage on a small tmpfs (in a private mount and PID namespace, so no root outside
 * it is needed and nothing outlives it): on SQLite the DATA_DIR (database and local store); on PostgreSQL the cluster's
 * data files and both replicas' DATA_DIRs, where uploads are staged. The write-ahead log and the bucket stay on the
 * machine's disk: PostgreSQL stops (PANIC) when its WAL cannot grow, whatever the application does, and an object
 * store's "full" answer is lib/storage/blob-store/s3-full.test.ts's. While 10 clients write and read, a ballast file
 * takes every free byte; every write refused meanwhile must say so (507 insufficient_storage), reads and liveness go
 * on; when the ballast goes, writes succeed again without a restart. Afterwards: every acknowledged write present with
 * one audit event, the chain verifies, verify-store finds every file whole, the SQLite file passes its integrity check,
 * and no unfinished upload is left behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { plural } from '@/lib/words';
import { deploy, onPostgres, runSuite, sleep } from './cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged, type Tally } from './workload';

const CLIENTS = 10;
const INSIDE = 'PROVENANT_DISK_FULL_NAMESPACE';

/**
 * Runs this suite again in a mount namespace of its own (plain as root; as a user namespace otherwise, which cannot
 * start PostgreSQL as its OS user). Returns false when this process is the one that should go on.
 */
function reexecInMountNamespace(): boolean {
  if (process.env[INSIDE]) return false;
  // A PID namespace too: when this suite ends, however it ends, the servers and the cluster inside go with it.
  const namespaces = ['--pid', '--fork', '--mount-proc'];
  const flags = [['-m', ...namespaces], ...(onPostgres ? [] : [['-Urm', ...namespaces]])].find((f) => spawnSync('unshare', [...f, 'true']).status === 0);
  if (!flags) {
    // As root (CI) the suite must run; elsewhere a machine may forbid namespaces, and says so.
    const mustRun = process.getuid?.() === 0 && !process.env.RELIABILITY_ALLOW_SKIP;
    console.log(`disk full: ${mustRun ? 'FAILED' : 'SKIPPED'} (this machine allows no private mount namespace, so no small file system can be mounted)`);
    process.exit(mustRun ? 1 : 0);
  }
  const run = spawnSync('unshare', [...flags, 'node_modules/.bin/tsx', '--conditions=react-server', 'reliability/disk-full.ts'], { stdio: 'inherit', env: { ...process.env, [INSIDE]: '1' } });
  process.exit(run.status ?? 1);
}

function mountTmpfs(dir: string, size: string) {
  fs.mkdirSync(dir, { recursive: true });
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir}: ${mount.stderr}`);
}

/** Takes every free byte, without blocking the clients: big writes, then small ones, until it refuses even those. */
async function fillUp(file: string) {
  const handle = await fs.promises.open(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) await handle.write(chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    await handle.close();
  }
}

const phase = () => ({ tally: newTally(), acknowledged: { systems: [], artifacts: [] } as Acknowledged });

async function load(urls: string[], token: string, seconds: number, tally: Tally, acknowledged: Acknowledged) {
  const until = Date.now() + seconds * 1000;
  await drive(() => urls, token, CLIENTS, () => Date.now() > until, acknowledged, tally);
}

async function main() {
  const kind = onPostgres ? 'postgresql' : 'sqlite';
  const root = path.join(process.env.RELIABILITY_DIR!, `disk-full-${kind}`);
  // Beside RELIABILITY_DIR (private to its owner): the cluster's OS user must be able to enter them.
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), `provenant-disk-full-${kind}-`));
  const wal = `${storage}-wal`;
  const clusterDir = path.join(storage, 'postgresql');
  let cluster: Awaited<ReturnType<typeof deploy>> | undefined;
  const cleanUp = () => {
    if (onPostgres) spawnSync('bash', ['scripts/pg-cluster.sh', 'stop', clusterDir]);
    // Lazily: this process may still hold the SQLite file open. Outside this namespace it is an empty directory.
    spawnSync('umount', ['--lazy', storage]);
    fs.rmSync(storage, { recursive: true, force: true });
    fs.rmSync(wal, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  const problems: string[] = [];
  try {
    fs.chmodSync(storage, 0o755);
    mountTmpfs(storage, onPostgres ? '96m' : '32m');
    if (onPostgres) {
      fs.mkdirSync(wal, { mode: 0o700 });
      spawnSync('chown', ['postgres:', wal]);
      const started = spawnSync('bash', ['scripts/pg-cluster.sh', 'start', clusterDir], { encoding: 'utf8', env: { ...process.env, PG_WALDIR: wal } });
      if (started.status !== 0) throw new Error(`cannot start a PostgreSQL cluster on the small file system: ${started.stderr}`);
      process.env.DATABASE_URL = started.stdout.trim().replace(/^DATABASE_URL=/, '');
    }
    cluster = await deploy(root, Number(process.env.RELIABILITY_PORT ?? 3730), storage);
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const urls = cluster.replicas.map((r) => r.url);
    const entry = cluster.entry();
    const all: Acknowledged = { systems: [], artifacts: [] };
    const before = phase();
    await load(entry, token, 3, before.tally, all);

    // The ballast grows while the clients write, so some writes meet the last free bytes half-way.
    const ballast = path.join(storage, 'ballast');
    const full = phase();
    const filling = sleep(300).then(() => fillUp(ballast));
    await load(entry, token, 6, full.tally, full.acknowledged);
    await filling;
    const readiness = await Promise.all(urls.map((url) => fetch(`${url}/api/health/ready`).then((res) => res.status, () => 0)));
    const liveness = await Promise.all(urls.map((url) => fetch(`${url}/api/health/live`).then((res) => res.status, () => 0)));

    fs.rmSync(ballast);
    const after = phase();
    await sleep(500);
    await load(entry, token, 4, after.tally, after.acknowledged);
    all.systems.push(...full.acknowledged.systems, ...after.acknowledged.systems);
    all.artifacts.push(...full.acknowledged.artifacts, ...after.acknowledged.artifacts);

    const insufficient = full.tally.serverErrors.filter((e) => e.status === 507 && e.body.includes('"insufficient_storage"'));
    const otherErrors = full.tally.serverErrors.filter((e) => !insufficient.includes(e));
    const refused = (request: string) => insufficient.filter((e) => e.request === request).length;
    const [systemsRefused, artifactsRefused] = [refused('POST /api/v1/systems'), refused('POST /api/v1/artifacts')];
    // A system is a database row only, an artifact also a staged file: both the database and the staging must say so.
    if (systemsRefused === 0 || artifactsRefused === 0) problems.push(`while the disk was full, ${systemsRefused} systems and ${artifactsRefused} artifacts were refused with 507: the suite did not fill it`);
    problems.push(...otherErrors.map((e) => `while full: HTTP ${e.status} for ${e.request}: ${e.body}`));
    if (liveness.some((status) => status !== 200)) problems.push(`while full, liveness answered ${liveness.join(', ')}`);
    problems.push(...[...before.tally.serverErrors, ...after.tally.serverErrors].map((e) => `with room: HTTP ${e.status} for ${e.request}: ${e.body}`));
    if (after.acknowledged.systems.length === 0 || after.acknowledged.artifacts.length === 0) problems.push('no system or no artifact was stored once the disk had room again');
    const cutOff = [before, full, after].reduce((sum, { tally }) => sum + tally.networkErrors + tally.truncated, 0);
    if (cutOff > 0) problems.push(`${cutOff} requests failed on the network or were cut short`);

    const check = await checkAcknowledged(all);
    problems.push(...check.problems);
    for (const r of cluster.replicas) {
      const temp = path.join(r.dataDir, 'blobs', 'tmp');
      const leftovers = fs.existsSync(temp) ? fs.readdirSync(temp) : [];
      if (leftovers.length > 0) problems.push(`${plural(leftovers.length, 'unfinished upload')} left in ${r.name}'s blobs/tmp`);
    }
    if (!onPostgres) {
      const db = new Database(path.join(cluster.replicas[0]!.dataDir, 'provenant.db'), { readonly: true });
      const integrity = db.pragma('integrity_check', { simple: true });
      db.close();
      if (integrity !== 'ok') problems.push(`the SQLite file fails its integrity check: ${String(integrity)}`);
    }
    console.log(
      `disk full (${onPostgres ? `PostgreSQL, ${cluster.replicas.length} replicas behind Caddy, data files and staging on one small file system` : 'SQLite, one process, local store'}): ` +
        `while full ${systemsRefused} systems and ${artifactsRefused} artifacts refused with 507, ${full.tally.ok} requests answered (${full.acknowledged.systems.length + full.acknowledged.artifacts.length} writes stored, before or beside the ballast), ` +
        `readiness ${readiness.join('/')}, liveness ${liveness.join('/')}; with room again ${after.acknowledged.systems.length + after.acknowledged.artifacts.length} writes stored without a restart; ` +
        `${check.events} audit events, chain ${check.problems.some((p) => p.startsWith('audit chain')) ? 'BROKEN' : 'intact'}`,
    );
  } finally {
    await cluster?.stopAll();
    cleanUp();
  }
  return problems;
}

if (!reexecInMountNamespace()) runSuite('disk full', main);
