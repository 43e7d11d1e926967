/**
 * Disk full: the deployment's storage on a small tmpfs (in a private mount namespace, so no root outside it is
 * needed): on SQLite the DATA_DIR (database and local store), on PostgreSQL the cluster, the bucket and both replicas'
 * DATA_DIRs. Under write load a ballast file takes the last free byte. While it is there every failed write must say
 * so (507 insufficient_storage) and reads go on; when the ballast goes, writes succeed again without a restart.
 * Afterwards: every acknowledged write present with one audit event, the chain verifies, verify-store finds every file
 * whole, the SQLite file passes its integrity check, and no unfinished upload is left behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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
  const flags = [['-m'], ...(onPostgres ? [] : [['-Urm']])].find((f) => spawnSync('unshare', [...f, 'true']).status === 0);
  if (!flags) {
    console.log('disk full: SKIPPED (this machine allows no private mount namespace, so no small file system can be mounted)');
    process.exit(0);
  }
  const run = spawnSync('unshare', [...flags, 'node_modules/.bin/tsx', '--conditions=react-server', 'reliability/disk-full.ts'], { stdio: 'inherit', env: { ...process.env, [INSIDE]: '1' } });
  process.exit(run.status ?? 1);
}

function mountTmpfs(dir: string, size: string) {
  fs.mkdirSync(dir, { recursive: true });
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir}: ${mount.stderr}`);
}

/** Takes every free byte of the file system: big writes, then small ones, until it refuses even those. */
function fillUp(file: string) {
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
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
  // Beside RELIABILITY_DIR (private to its owner): the cluster's OS user must be able to enter it.
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), `provenant-disk-full-${kind}-`));
  fs.chmodSync(storage, 0o755);
  mountTmpfs(storage, onPostgres ? '160m' : '32m');
  const clusterDir = path.join(storage, 'postgresql');
  const stopCluster = () => onPostgres && spawnSync('bash', ['scripts/pg-cluster.sh', 'stop', clusterDir]);
  process.on('exit', stopCluster);
  if (onPostgres) {
    const started = spawnSync('bash', ['scripts/pg-cluster.sh', 'start', clusterDir], { encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`cannot start a PostgreSQL cluster on the small file system: ${started.stderr}`);
    process.env.DATABASE_URL = started.stdout.trim().replace(/^DATABASE_URL=/, '');
  }
  const cluster = await deploy(root, Number(process.env.RELIABILITY_PORT ?? 3730), storage);
  const problems: string[] = [];
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const urls = cluster.replicas.map((r) => r.url);
    const entry = cluster.entry();
    const all: Acknowledged = { systems: [], artifacts: [] };
    const before = phase();
    await load(entry, token, 3, before.tally, all);

    const ballast = path.join(storage, 'ballast');
    fillUp(ballast);
    const full = phase();
    await load(entry, token, 6, full.tally, full.acknowledged);
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
    // A system is a database row only, an artifact also a file: both the database and the store must have said so.
    if (systemsRefused === 0 || artifactsRefused === 0) problems.push(`while the disk was full, ${systemsRefused} systems and ${artifactsRefused} artifacts were refused with 507: the suite did not fill it`);
    problems.push(...otherErrors.map((e) => `while full: HTTP ${e.status}: ${e.body}`));
    if (liveness.some((status) => status !== 200)) problems.push(`while full, liveness answered ${liveness.join(', ')}`);
    problems.push(...[...before.tally.serverErrors, ...after.tally.serverErrors].map((e) => `with room: HTTP ${e.status}: ${e.body}`));
    if (after.acknowledged.systems.length === 0 || after.acknowledged.artifacts.length === 0) problems.push('no system or no artifact was stored once the disk had room again');
    const cutOff = [before, full, after].reduce((sum, { tally }) => sum + tally.networkErrors + tally.truncated, 0);
    if (cutOff > 0) problems.push(`${cutOff} requests failed on the network or were cut short`);

    const check = await checkAcknowledged(all);
    problems.push(...check.problems);
    for (const r of cluster.replicas) {
      const temp = path.join(r.dataDir, 'blobs', 'tmp');
      const leftovers = fs.existsSync(temp) ? fs.readdirSync(temp) : [];
      if (leftovers.length > 0) problems.push(`${leftovers.length} unfinished upload(s) left in ${r.name}'s blobs/tmp`);
    }
    if (!onPostgres) {
      const db = new Database(path.join(cluster.replicas[0]!.dataDir, 'provenant.db'), { readonly: true });
      const integrity = db.pragma('integrity_check', { simple: true });
      db.close();
      if (integrity !== 'ok') problems.push(`the SQLite file fails its integrity check: ${String(integrity)}`);
    }
    console.log(
      `disk full (${onPostgres ? `PostgreSQL, ${cluster.replicas.length} replicas behind Caddy, S3, all on one small file system` : 'SQLite, one process, local store'}): ` +
        `while full ${systemsRefused} systems and ${artifactsRefused} artifacts refused with 507, ${full.tally.ok} requests answered (${full.acknowledged.systems.length + full.acknowledged.artifacts.length} writes still fitted), ` +
        `readiness ${readiness.join('/')}, liveness ${liveness.join('/')}; with room again ${after.acknowledged.systems.length + after.acknowledged.artifacts.length} writes stored without a restart; ` +
        `${check.events} audit events, chain ${check.problems.some((p) => p.startsWith('audit chain')) ? 'BROKEN' : 'intact'}`,
    );
  } finally {
    await cluster.stopAll();
    stopCluster();
    // The mount point is an empty directory outside this namespace: it goes too (lazily unmounted: this process still
    // holds the SQLite file open).
    if (spawnSync('umount', ['--lazy', storage]).status === 0) fs.rmSync(storage, { recursive: true, force: true });
  }
  return problems;
}

if (!reexecInMountNamespace()) runSuite('disk full', main);
