import 'server-only';
import { spawn } from 'node:child_process';

/** The archive `db backup` writes on PostgreSQL: pg_dump's custom format, for pg_restore. */
export const PG_DUMP_FILE = 'provenant.pgdump';

/** node-postgres accepts these in DATABASE_URL; libpq (pg_dump) refuses them, or means something else by them. */
const NODE_PG_ONLY = ['ssl', 'uselibpqcompat'];
/** libpq's name for node-postgres's sslmode values it lacks. */
const LIBPQ_SSLMODE: Record<string, string> = { 'no-verify': 'require' };

/**
 * The connection for PostgreSQL's client tools: the URL without its password (from the userinfo or a `password`
 * parameter), which travels in PGPASSWORD instead of on a command line that any user of the machine can read in `ps`,
 * and without the parameters only node-postgres understands (libpq reads sslmode, sslrootcert, sslcert and sslkey itself).
 */
export function pgToolConnection(url: string) {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  parsed.password = '';
  parsed.searchParams.delete('password');
  for (const name of NODE_PG_ONLY) parsed.searchParams.delete(name);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode && LIBPQ_SSLMODE[sslmode]) parsed.searchParams.set('sslmode', LIBPQ_SSLMODE[sslmode]);
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/**
 * Dumps the database as it was in `snapshot` (exported by a transaction that stays open meanwhile) into `file`, so the
 * dump and the files the backup lists from that transaction describe the same moment.
 */
export function pgDump(url: string, snapshot: string, file: string): Promise<void> {
  const { dbname, env } = pgToolConnection(url);
  // A lock pg_dump cannot get within 30 s (a replica's migration waiting on this backup's own transaction) fails the
  // backup instead of hanging it and every query queued behind that migration.
  const args = ['--format=custom', '--no-owner', '--no-privileges', '--lock-wait-timeout=30s', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${dbname}`];
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error("pg_dump is not installed: install PostgreSQL's client tools, of the server's major version or newer.") : error),
    );
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`pg_dump failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`))));
  });
}
