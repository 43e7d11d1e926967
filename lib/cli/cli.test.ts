import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

/** The CLI as users run it, in a separate process against its own data directory. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-cli-'));
function cli(args: string[], input?: string) {
  return spawnSync('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    input,
    encoding: 'utf8',
  });
}

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
  });

  it('prints a token secret once, and stores only its digest', () => {
    const result = cli(['token', 'create', '--email', 'root@example.com', '--name', 'ci', '--scope', 'read']);
    expect(result.status).toBe(0);
    const secret = result.stdout.trim();
    expect(secret).toMatch(/^pvn_/);
    const db = new Database(path.join(dataDir, 'provenant.db'), { readonly: true });
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(secret);
    db.close();
  });

  it('backs up with the online backup API into a valid database', () => {
    const target = path.join(dataDir, 'backup.db');
    expect(cli(['db', 'backup', target]).status).toBe(0);
    const db = new Database(target, { readonly: true });
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
    db.close();
  });

  it('verifies the audit chain, and names the first broken sequence after tampering', () => {
    const ok = cli(['audit', 'verify']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/intact: 2 events/);
    const db = new Database(path.join(dataDir, 'provenant.db'));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2").run();
    db.close();
    const broken = cli(['audit', 'verify']);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/BROKEN at sequence 2/);
    expect(broken.stderr).toMatch(/triggers missing: audit_events_no_update/);
  });
});
