import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, cli, dataDir, signIn, type CliFailure } from './helpers';

// Tampering drops a trigger for a moment: these tests run one after the other, never beside each other.
test.describe.configure({ mode: 'serial' });

const TRIGGER = 'audit_events_no_update';

function openDatabase() {
  const db = new Database(path.join(dataDir(), 'provenant.db'));
  db.pragma('busy_timeout = 10000');
  return db;
}

/** The trigger's own statement from the committed migration, so the restored schema is exactly the original. */
function triggerStatement() {
  const sql = fs.readFileSync(path.join(process.cwd(), 'db/migrations/0001_append_only_triggers.sql'), 'utf8');
  return sql.split('--> statement-breakpoint').find((s) => s.includes(`CREATE TRIGGER ${TRIGGER} `))!;
}

function hasTrigger(db: Database.Database) {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(TRIGGER);
}

function runAuditVerify(): { status: number; stdout: string; stderr: string } {
  try {
    return { status: 0, stdout: cli(['audit', 'verify']), stderr: '' };
  } catch (error) {
    const failure = error as CliFailure;
    return { status: failure.status ?? -1, stdout: String(failure.stdout), stderr: String(failure.stderr) };
  }
}

async function expectIntact(page: Page) {
  await page.goto('/audit');
  const status = page.getByTestId('chain-status');
  await expect(status).toContainText('Intact');
  await expect(page.getByTestId('head-hash')).toHaveText(/^[0-9a-f]{64}$/);
  return { seq: Number(await page.getByTestId('head-seq').textContent()), hash: (await page.getByTestId('head-hash').textContent())! };
}

test('the audit page verifies the chain and shows its head', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  const head = await expectIntact(page);
  expect(head.seq).toBeGreaterThan(0);

  const db = openDatabase();
  try {
    expect(db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(head.seq)).toBe(head.hash);
  } finally {
    db.close();
  }
  const verify = runAuditVerify();
  expect(verify.status, verify.stderr).toBe(0);
  expect(verify.stdout).toContain('Audit chain intact');
});

test('an audit row edited in the database file is detected, by the page and by the CLI', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  await expectIntact(page);

  const db = openDatabase();
  const seq = db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;
  const original = db.prepare('SELECT actor_label FROM audit_events WHERE seq = ?').pluck().get(seq) as string;
  try {
    db.exec(`DROP TRIGGER ${TRIGGER}`);
    db.prepare('UPDATE audit_events SET actor_label = ? WHERE seq = ?').run('mallory@example.com', seq);

    await page.goto('/audit');
    await expect(page.getByTestId('chain-status')).toContainText(`Broken at sequence ${seq}:`);

    const verify = runAuditVerify();
    expect(verify.status).not.toBe(0);
    expect(verify.stdout).toContain(`first_broken_seq=${seq}`);
    expect(verify.stderr).toContain(`BROKEN at sequence ${seq}:`);
  } finally {
    db.transaction(() => {
      const label = db.prepare('SELECT actor_label FROM audit_events WHERE seq = ?').pluck().get(seq);
      if (label !== original) db.prepare('UPDATE audit_events SET actor_label = ? WHERE seq = ?').run(original, seq);
      if (!hasTrigger(db)) db.exec(triggerStatement());
    }).immediate();
    db.close();
  }

  // Restored: intact again, and the trigger refuses edits once more.
  await expectIntact(page);
  expect(runAuditVerify().status).toBe(0);
  const check = openDatabase();
  try {
    expect(() => check.prepare('UPDATE audit_events SET actor_label = actor_label WHERE seq = ?').run(seq)).toThrow(/append-only/);
  } finally {
    check.close();
  }
});
