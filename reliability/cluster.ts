/**
 * The deployment the suite runs: on SQLite (no DATABASE_URL) one server and the local store; on PostgreSQL two
 * replicas sharing the database, an s3rver bucket and the signing keys, behind the reference proxy, as in compose.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import { appRoleUrl, createEmptyDatabase } from '@/lib/testing-sql';
import { startProxy, type Proxy } from './proxy';
import { replica, start, stop, type Replica } from './replica';

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** How long compose.yaml's replicas answer readiness 503 on SIGTERM before they stop listening. */
function composeDrainSeconds() {
  const value = /^\s+STOP_DRAIN_SECONDS: "(\d+)"$/m.exec(fs.readFileSync('compose.yaml', 'utf8'));
  if (!value) throw new Error('compose.yaml sets no STOP_DRAIN_SECONDS for the replicas');
  return value[1]!;
}

/**
 * `root` holds the logs and the bucket; `dataDirs` (root unless given: the disk-full suite's small file system) the
 * replicas' DATA_DIRs.
 */
export async function deploy(root: string, basePort: number, dataDirs = root) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  let s3: S3rver | undefined;
  const replicas: Replica[] = [replica('replica-1', basePort, path.join(dataDirs, 'replica-1'))];
  if (onPostgres) {
    // Each suite gets a database of its own in the cluster, as a new deployment would, and the replicas run as a
    // role that owns nothing in it (the README's production advice): the owner only migrates.
    const owner = await createEmptyDatabase(process.env.DATABASE_URL!, 'provenant_reliability');
    Object.assign(process.env, { DATABASE_MIGRATION_URL: owner, DATABASE_URL: await appRoleUrl(owner), STOP_DRAIN_SECONDS: composeDrainSeconds() });
    replicas.push(replica('replica-2', basePort + 1, path.join(dataDirs, 'replica-2')));
    // One key volume for both, as compose.yaml mounts it.
    fs.mkdirSync(path.join(replicas[0]!.dataDir, 'keys'), { recursive: true, mode: 0o700 });
    fs.mkdirSync(replicas[1]!.dataDir, { recursive: true });
    fs.symlinkSync(path.join(replicas[0]!.dataDir, 'keys'), path.join(replicas[1]!.dataDir, 'keys'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(root, 's3'), configureBuckets: [{ name: 'provenant', configs: [] }] });
    const { port } = await s3.run();
    Object.assign(process.env, { BLOB_STORE: 's3://provenant/reliability', S3_ENDPOINT: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  }
  fs.mkdirSync(replicas[0]!.dataDir, { recursive: true });
  // This process reads what the replicas wrote (the SQLite file of the only one, or the shared PostgreSQL database).
  process.env.DATA_DIR = replicas[0]!.dataDir;
  const logOf = (r: Replica) => path.join(root, `${r.name}.log`);
  let proxy: Proxy | undefined;
  return {
    replicas,
    logOf,
    async startAll() {
      await Promise.all(replicas.map((r) => start(r, logOf(r))));
      if (replicas.length > 1) proxy = await startProxy(root, replicas, basePort + 8);
    },
    /** Where clients send their requests: the proxy in front of several replicas, or the only one. */
    entry: () => (proxy ? [proxy.url] : replicas.map((r) => r.url)),
    async stopAll() {
      await proxy?.stop();
      await Promise.all(replicas.map((r) => stop(r)));
      await s3?.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a suite's main: prints its problems (the first 30) and its verdict, and exits 1 when it found any or failed. */
export function runSuite(name: string, main: () => Promise<string[]>) {
  main().then(
    (problems) => {
      for (const problem of problems.slice(0, 30)) console.error(`PROBLEM ${problem}`);
      console.log(problems.length === 0 ? `${name}: OK` : `${name}: FAILED (${problems.length} problems)`);
      process.exit(problems.length === 0 ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      console.log(`${name}: FAILED`);
      process.exit(1);
    },
  );
}
