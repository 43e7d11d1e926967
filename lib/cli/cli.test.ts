import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, sqlRows } from '@/lib/testing-sql';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/seed/demo-data';
import { runCli } from '@/lib/testing-cli';
import { scratchDir } from '@/lib/testing-scratch';

/** The CLI as users run it, in a separate process against its own data directory. */
const dataDir = scratchDir('provenant-cli-');
function cli(args: string[], input?: string) {
  return runCli(args, { env: { DATA_DIR: dataDir }, input });
}

function cliAsync(args: string[], timeoutMs: number): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000, everyMs = 20) {
  for (const end = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Rows of a table as the CLI left them: in its SQLite file, or in the test's PostgreSQL database (DATABASE_URL, inherited). */
async function tableRows(table: string): Promise<unknown[]> {
  if (onPostgres) return await sqlRows(sql`SELECT * FROM ${sql.identifier(table)}`);
  const db = new Database(path.join(dataDir, 'provenant.db'), { readonly: true });
  const rows = db.prepare(`SELECT * FROM ${table}`).all();
  db.close();
  return rows;
}
const count = async (table: string) => (await tableRows(table)).length;

/** Another connection committing a row every millisecond or so: SQLite's online backup restarts after each such write. */
const WRITER = `
const db = new (require('better-sqlite3'))(process.env.DB);
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO load_test (at, filler) VALUES (?, randomblob(512))');
setInterval(() => insert.run(new Date().toISOString()), 1);
`;

describe('npm run cli', () => {
  it('creates the first admin with the password from standard input', () => {
    const result = cli(['user', 'create', '--email', 'Root@Example.com', '--name', 'Root', '--role', 'admin', '--role', 'auditor', '--password-stdin'], 'a long enough password\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Created root@example.com \(admin, auditor\)/);
    const again = cli(['user', 'create', '--email', 'root@example.com', '--name', 'Root', '--role', 'admin', '--password-stdin'], 'a long enough password');
    expect(again.status).toBe(1);
    const weak = cli(['user', 'create', '--email', 'w@example.com', '--name', 'W', '--role', 'admin', '--password-stdin'], 'short');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/password: At least 12 characters/);
  }, 60_000);

  it('prints a token secret once, and stores only its digest', async () => {
    const result = cli(['token', 'create', '--email', 'root@example.com', '--name', 'ci', '--scope', 'read']);
    expect(result.status).toBe(0);
    const secret = result.stdout.trim();
    expect(secret).toMatch(/^pvn_/);
    const tokens = await tableRows('api_tokens');
    expect(tokens).toHaveLength(1);
    expect(JSON.stringify(tokens)).not.toContain(secret);
  });

  it('says it seeded nothing on a database with users, and prints only demo accounts that exist with the demo password', async () => {
    const nothing = cli(['seed', '--demo']);
    expect(nothing.status).toBe(0);
    expect(nothing.stdout).toMatch(/Seeded nothing: the database already has users/);
    expect(nothing.stdout).not.toMatch(/@example\.com/);
    expect(cli(['user', 'create', '--email', DEMO_USERS[3]!.email, '--name', 'Rita', '--role', 'risk_officer', '--password-stdin'], DEMO_PASSWORD).status).toBe(0);
    const one = cli(['seed', '--demo']);
    expect(one.stdout).toMatch(/Seeded nothing/);
    expect(one.stdout.match(/@example\.com/g)).toHaveLength(1);
    expect(one.stdout).toContain(DEMO_USERS[3]!.email);
    expect(await count('users')).toBe(2);
  }, 60_000);

  // The rest reads and writes the SQLite file itself (online backup, verify-store's manifest, audit verify of a copy):
  // a PostgreSQL deployment backs up with pg_dump and verifies through the server, which these do not cover.
  const onSqliteFile = it.skipIf(onPostgres);

  onSqliteFile('backs up into a directory whose MANIFEST sha256sum accepts, and refuses an existing target', () => {
    const target = path.join(dataDir, 'backup-1');
    const first = cli(['db', 'backup', target]);
    expect(first.status, first.stderr).toBe(0);
    expect(execFileSync('sha256sum', ['-c', 'MANIFEST'], { cwd: target, encoding: 'utf8' })).toMatch(/^provenant\.db: OK$/m);
    const db = new Database(path.join(target, 'provenant.db'), { readonly: true });
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(2);
    db.close();
    const again = cli(['db', 'backup', target]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
  }, 60_000);

  onSqliteFile('completes a backup while another process writes every millisecond, with every write committed before it began', async () => {
    const file = path.join(dataDir, 'provenant.db');
    const db = new Database(file);
    db.exec('CREATE TABLE load_test (id INTEGER PRIMARY KEY, at TEXT NOT NULL, filler BLOB)');
    db.transaction(() => { for (let i = 0; i < 4000; i += 1) db.prepare('INSERT INTO load_test (at, filler) VALUES (?, randomblob(4096))').run('seed'); })();
    const writer = spawn(process.execPath, ['-e', WRITER], { env: { ...process.env, DB: file }, stdio: 'ignore' });
    try {
      await waitFor(() => (db.prepare("SELECT count(*) FROM load_test WHERE at <> 'seed'").pluck().get() as number) >= 20);
      const committedBefore = db.prepare('SELECT max(id) FROM load_test').pluck().get() as number;
      const target = path.join(dataDir, 'backup-under-load');
      const result = await cliAsync(['db', 'backup', target], 60_000);
      expect(result.status, result.stderr).toBe(0);
      const written = db.prepare('SELECT max(id) FROM load_test').pluck().get() as number;
      const copy = new Database(path.join(target, 'provenant.db'), { readonly: true });
      expect(copy.prepare('SELECT max(id) FROM load_test').pluck().get()).toBeGreaterThanOrEqual(committedBefore);
      expect(copy.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      copy.close();
      expect(written).toBeGreaterThan(committedBefore + 10);
    } finally {
      writer.kill('SIGKILL');
      db.close();
    }
  }, 90_000);

  onSqliteFile('never leaves the target behind when the backup is killed part-way, even under write load', async () => {
    const file = path.join(dataDir, 'provenant.db');
    const writer = spawn(process.execPath, ['-e', WRITER], { env: { ...process.env, DB: file }, stdio: 'ignore' });
    const parent = scratchDir('provenant-cut-');
    const target = path.join(parent, 'backup');
    try {
      // Its own process group, so that npx, tsx and the node process doing the work all die at once.
      const child = spawn('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', 'db', 'backup', target], { env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore', detached: true });
      await waitFor(() => fs.readdirSync(parent).length > 0, 30_000, 2);
      process.kill(-child.pid!, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (fs.existsSync(target)) expect(execFileSync('sha256sum', ['--quiet', '-c', 'MANIFEST'], { cwd: target, encoding: 'utf8' })).toBe('');
      const again = await cliAsync(['db', 'backup', target], 60_000);
      expect(again.status === 0 || /already exists/.test(again.stderr)).toBe(true);
      expect(fs.readdirSync(parent)).toEqual(['backup']);
    } finally {
      writer.kill('SIGKILL');
    }
  }, 90_000);

  onSqliteFile('verify-store: exit 0 when every named file matches, 1 naming what is missing or altered, 2 when it cannot check', () => {
    const sha = createHash('sha256').update('attachment bytes').digest('hex');
    const blob = path.join(dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha);
    fs.mkdirSync(path.dirname(blob), { recursive: true });
    fs.writeFileSync(blob, 'attachment bytes');
    const db = new Database(path.join(dataDir, 'provenant.db'));
    db.prepare("INSERT INTO blobs (sha256, size, format, created_at) VALUES (?, 16, 'other', '2026-01-01T00:00:00.000Z')").run(sha);
    db.close();
    const ok = cli(['verify-store']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Store intact: 1 referenced files/);
    fs.writeFileSync(blob, 'altered bytes!!!');
    const altered = cli(['verify-store']);
    expect(altered.status).toBe(1);
    expect(altered.stderr).toContain(`blobs/sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}: bytes hash to`);
    fs.rmSync(blob);
    expect(cli(['verify-store']).stderr).toMatch(/: missing \(blob /);
    const nowhere = runCli(['verify-store'], { env: { DATA_DIR: path.join(dataDir, 'no-such-dir') } });
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/Could not check the store/);
  }, 90_000);

  // After the tests that count users, before the one that counts audit events (it adds three) and breaks the chain.
  it('grants roles and sets a temporary password for an existing account, from the server alone', async () => {
    expect(cli(['user', 'create', '--email', 'lone@example.com', '--name', 'Lone', '--role', 'auditor', '--password-stdin'], 'a long enough password').status).toBe(0);
    const granted = cli(['user', 'grant', '--email', 'LONE@example.com', '--role', 'risk_officer']);
    expect(granted.status).toBe(0);
    expect(granted.stdout).toMatch(/lone@example.com holds auditor, risk_officer/);
    expect(cli(['user', 'grant', '--email', 'lone@example.com', '--role', 'overlord']).status).toBe(2);
    const reset = cli(['user', 'password', '--email', 'lone@example.com', '--password-stdin'], 'a temporary password\n');
    expect(reset.status).toBe(0);
    expect((await tableRows('users') as { email: string }[]).find((u) => u.email === 'lone@example.com')).toMatchObject({ password_set_by: 'operator' });
    expect(cli(['user', 'password', '--email', 'lone@example.com', '--password-stdin'], 'short').status).toBe(1);
    expect(cli(['user', 'password', '--email', 'nobody@example.com', '--password-stdin'], 'a temporary password').status).toBe(1);
  }, 60_000);

  onSqliteFile('verifies the audit chain, and names the first broken sequence after tampering', () => {
    const ok = cli(['audit', 'verify']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/intact: 6 events/);
    const db = new Database(path.join(dataDir, 'provenant.db'));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2").run();
    db.close();
    const broken = cli(['audit', 'verify']);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/BROKEN at sequence 2/);
    expect(broken.stderr).toMatch(/triggers missing: audit_events_no_update/);
  }, 60_000);

  onSqliteFile('seeds the demo after db migrate as one history: the audit chain’s times rise with its sequence, from 75 days ago', () => {
    const fresh = scratchDir('provenant-cli-demo-');
    for (const args of [['db', 'migrate'], ['seed', '--demo']]) {
      const run = runCli(args, { env: { DATA_DIR: fresh } });
      expect(run.status, run.stderr).toBe(0);
    }
    const db = new Database(path.join(fresh, 'provenant.db'), { readonly: true });
    const times = db.prepare('SELECT at FROM audit_events ORDER BY seq').pluck().all() as string[];
    db.close();
    expect(times.filter((at, i) => i > 0 && at < times[i - 1]!)).toEqual([]);
    expect((Date.now() - Date.parse(times[0]!)) / 86_400_000).toBeGreaterThan(74);
  }, 120_000);
});
