import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeConnection, withTransaction } from '@/db';
import { acknowledgeBreak } from '@/lib/audit/acknowledge-break';
import { eventHash } from '@/lib/audit/hash';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { countRows, onPostgres, sqlRows, sqlRun } from '@/lib/testing-sql';
import { runCli } from '@/lib/testing-cli';

/** `npm run cli -- audit verify` as users run it, in its own process, on a data directory of our choosing. */
function verify(dataDir: string) {
  return runCli(['audit', 'verify'], { env: { DATA_DIR: dataDir } });
}

/** Every name in the directory with the SHA-256 of its bytes: what "nothing was written" is checked against. */
function fingerprint(dir: string) {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, hash('sha256', fs.readFileSync(path.join(dir, name)), 'hex')]));
}

const append = async (n: number) => {
  for (let i = 0; i < n; i++) await withTransaction(async (tx) => await recordAudit(tx, systemActor('test'), { action: 'system.updated', entityType: 'ai_system', entityId: `s${i}`, after: { i } }));
};
const eventCount = () => countRows('audit_events');

/** Makes the directory and its files immutable (even to root) for the duration of `run`, where the filesystem can. */
function immutable<T>(dir: string, run: () => T): T | 'unsupported' {
  const targets = [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))];
  if (spawnSync('chattr', ['+i', ...targets]).status !== 0) return 'unsupported';
  try {
    return run();
  } finally {
    spawnSync('chattr', ['-i', ...targets]);
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-verify-cli-'));
let dataDir: string;
beforeAll(async () => {
  dataDir = process.env.DATA_DIR!;
  await append(5);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

// Each case starts the CLI in its own process (a few seconds each on a busy machine).
describe('audit verify', { timeout: 120_000 }, () => {
  // These check the SQLite file itself (read-only, immutable copies, the WAL); on PostgreSQL the CLI reads the
  // database through a read-only transaction, checked by the break-and-acknowledge case, which runs on both.
  const onSqliteFile = it.skipIf(onPostgres);

  onSqliteFile('answers 0 on an intact chain and writes nothing: no migration, no -wal or -shm, the same bytes', () => {
    closeConnection();
    const before = fingerprint(dataDir);
    expect(Object.keys(before)).toEqual(['provenant.db']);
    const result = verify(dataDir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Audit chain intact: \d+ events; head seq=\d+ hash=[0-9a-f]{64}/);
    expect(fingerprint(dataDir)).toEqual(before);
  });

  onSqliteFile('verifies a copy in a directory nothing can write to (chattr +i), changing nothing', (context) => {
    const copy = path.join(scratch, 'immutable');
    fs.mkdirSync(copy);
    fs.copyFileSync(path.join(dataDir, 'provenant.db'), path.join(copy, 'provenant.db'));
    const before = fingerprint(copy);
    const result = immutable(copy, () => verify(copy));
    if (result === 'unsupported') return context.skip('chattr +i is not supported on this filesystem');
    expect(result.status, result.stderr).toBe(0);
    expect(fingerprint(copy)).toEqual(before);
  });

  onSqliteFile('reads what the running server has only in its WAL, beside it, and from a copy taken while it ran', async () => {
    await append(3);
    const expected = await eventCount();
    const walFile = path.join(dataDir, 'provenant.db-wal');
    expect(fs.statSync(walFile).size).toBeGreaterThan(0);
    const before = fingerprint(dataDir);
    const live = verify(dataDir);
    expect(live.status, live.stderr).toBe(0);
    expect(live.stdout).toContain(`intact: ${expected} events`);
    const after = fingerprint(dataDir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect([after['provenant.db'], after['provenant.db-wal']]).toEqual([before['provenant.db'], before['provenant.db-wal']]);

    const copy = path.join(scratch, 'copy-with-wal');
    fs.mkdirSync(copy);
    for (const name of ['provenant.db', 'provenant.db-wal']) fs.copyFileSync(path.join(dataDir, name), path.join(copy, name));
    const copied = fingerprint(copy);
    const fromCopy = immutable(copy, () => verify(copy));
    const result = fromCopy === 'unsupported' ? verify(copy) : fromCopy;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`intact: ${expected} events`);
    expect(fingerprint(copy)).toEqual(copied);
  });

  it('answers 1 with the first broken sequence, then 0 listing the break once an admin acknowledged it', async () => {
    const [last] = await sqlRows<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
    if (!last) throw new Error('no audit events');
    // What recordAudit did before audit texts were made well-formed: SQLite keeps other bytes than were hashed.
    const fields = { seq: last.seq + 1, at: new Date().toISOString(), actorType: 'system', actorId: null, actorLabel: 'ghost\ud800@example.com', action: 'auth.sign_in_failed', entityType: 'user', entityId: null, before: null, after: null, ip: null, userAgent: null };
    const f = { ...fields, prevHash: last.hash, hash: eventHash(last.hash, fields) };
    await sqlRun(sql`INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
      VALUES (${f.seq}, ${f.at}, ${f.actorType}, ${f.actorId}, ${f.actorLabel}, ${f.action}, ${f.entityType}, ${f.entityId}, ${f.before}, ${f.after}, ${f.ip}, ${f.userAgent}, ${f.prevHash}, ${f.hash})`);
    await append(2);
    const broken = verify(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`Audit chain BROKEN at sequence ${fields.seq}: hash does not match the event contents`);
    expect(broken.stdout).toContain(`first_broken_seq=${fields.seq}`);

    const admin = await makeActor(['admin']);
    await acknowledgeBreak(admin, { seq: fields.seq, reason: 'Stored before v1.4 made audit texts well-formed; never edited.', password: 'correct horse battery staple' });
    const acknowledged = verify(dataDir);
    expect(acknowledged.status, acknowledged.stderr).toBe(0);
    expect(acknowledged.stdout).toContain(`Acknowledged break at sequence ${fields.seq} (hash does not match the event contents): by ${admin.email}`);
    expect(acknowledged.stdout).toContain('Stored before v1.4 made audit texts well-formed; never edited.');
    expect(acknowledged.stdout).toMatch(/intact: \d+ events, 1 acknowledged break(?!s)/);
  });

  onSqliteFile('answers 2, saying why, when it could not check: no file, not a database, unreadable, not Provenant', () => {
    const cases: [string, (dir: string) => void, RegExp][] = [
      ['missing', () => {}, /No database at .*provenant\.db/],
      ['garbage', (dir) => fs.writeFileSync(path.join(dir, 'provenant.db'), 'not a database at all'), /is not a SQLite database/],
      ['directory', (dir) => fs.mkdirSync(path.join(dir, 'provenant.db')), /Cannot read .*provenant\.db/],
      ['other', (dir) => new Database(path.join(dir, 'provenant.db')).exec('CREATE TABLE t (x)').close(), /is not a Provenant database/],
    ];
    for (const [name, make, message] of cases) {
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir);
      make(dir);
      const result = verify(dir);
      expect(result.status, `${name}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/^Could not check the audit trail: /);
      expect(result.stderr).toMatch(message);
    }
    expect(fs.readdirSync(path.join(scratch, 'missing'))).toEqual([]);
  });

  onSqliteFile('answers 2 for a truncated database rather than calling the chain broken', () => {
    const dir = path.join(scratch, 'truncated');
    fs.mkdirSync(dir);
    closeConnection();
    const bytes = fs.readFileSync(path.join(dataDir, 'provenant.db'));
    fs.writeFileSync(path.join(dir, 'provenant.db'), bytes.subarray(0, 8192));
    const result = verify(dir);
    expect(result.status, result.stdout).toBe(2);
  });
});
