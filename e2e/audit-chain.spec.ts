import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { eventHash } from '../lib/audit/hash';
import { ACCOUNTS, cli, createToken, dataDir, DEMO_PASSWORD, signIn, signInNewContext, type CliFailure } from './helpers';

// Tampering drops a trigger for a moment, and the last test leaves an acknowledged break in the shared chain:
// these tests run one after the other, in this order, never beside each other.
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


const REASON = 'Failed sign-in with a lone surrogate, stored before the fix; the row was never edited (incident 17).';

/** Appends a row as recordAudit did before audit texts were made well-formed: hashed as UTF-16, stored as other bytes. */
function appendLegacyBrokenEvent(): number {
  const db = new Database(path.join(dataDir(), 'provenant.db'));
  db.pragma('busy_timeout = 10000');
  try {
    return db
      .transaction(() => {
        const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
        const fields = { seq: last.seq + 1, at: new Date().toISOString(), actorType: 'system', actorId: null, actorLabel: 'ghost\ud800@example.com', action: 'auth.sign_in_failed', entityType: 'user', entityId: null, before: null, after: null, ip: '127.0.0.1', userAgent: 'e2e' };
        db.prepare('INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash) VALUES (@seq, @at, @actorType, @actorId, @actorLabel, @action, @entityType, @entityId, @before, @after, @ip, @userAgent, @prevHash, @hash)').run({ ...fields, prevHash: last.hash, hash: eventHash(last.hash, fields) });
        return fields.seq;
      })
      .immediate();
  } finally {
    db.close();
  }
}

test('an admin acknowledges a break with a reason and the password; verification reports it and goes on', async ({ page, browser }) => {
  // Three sign-ins and two CLI runs (each starts tsx) on a busy machine.
  test.setTimeout(180_000);
  const seq = appendLegacyBrokenEvent();

  const auditor = await signInNewContext(browser, ACCOUNTS.auditor);
  await auditor.page.goto('/audit');
  await expect(auditor.page.getByTestId('chain-status')).toContainText(`Broken at sequence ${seq}: hash does not match the event contents`);
  await expect(auditor.page.getByRole('button', { name: 'Acknowledge break' })).toHaveCount(0);

  await signIn(page, ACCOUNTS.admin);
  await page.goto('/audit');
  await page.getByRole('button', { name: 'Acknowledge break' }).click();
  const dialog = page.getByRole('dialog', { name: `Acknowledge the break at sequence ${seq}` });
  await dialog.getByLabel('Reason').fill('too short');
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Acknowledge break' }).click();
  // The field's own message (the error summary above repeats it as a link to the field).
  await expect(dialog.getByText('Say what happened and why the break may stand, in a sentence or two.', { exact: true })).toBeVisible();

  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByLabel('Your password').fill('not the password');
  await dialog.getByRole('button', { name: 'Acknowledge break' }).click();
  await expect(dialog.getByText('Wrong password.', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('chain-status')).toContainText(`Broken at sequence ${seq}`);

  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Acknowledge break' }).click();
  await expect(dialog).toBeHidden();
  const status = page.getByTestId('chain-status');
  await expect(status).toContainText(/Intact \(\d+ acknowledged breaks?\)/);
  const breaks = page.getByTestId('acknowledged-breaks');
  await expect(breaks).toContainText(`Sequence ${seq}: hash does not match the event contents`);
  // Named like everywhere else, with the email (the identity the chain records) on hover.
  await expect(breaks).toContainText('Acknowledged by Alex Morgan at');
  await expect(breaks).not.toContainText('@');
  await expect(breaks.getByText('Alex Morgan', { exact: true })).toHaveAttribute('title', ACCOUNTS.admin);
  await expect(breaks).toContainText(REASON);

  // The auditor sees it too, over the API as on the page; the CLI lists it and answers 0.
  const verify = await (await auditor.page.request.get('/api/v1/audit/verify')).json();
  expect(verify).toMatchObject({ ok: true, firstBrokenSeq: null });
  expect(verify.acknowledgedBreaks).toContainEqual(expect.objectContaining({ seq, acknowledgedBy: ACCOUNTS.admin, acknowledgedReason: REASON }));
  expect(cli(['audit', 'verify'])).toContain(`Acknowledged break at sequence ${seq} (hash does not match the event contents): by ${ACCOUNTS.admin}`);
  await auditor.context.close();

  // An API token can never acknowledge: it cannot give the password.
  const token = createToken(ACCOUNTS.admin, ['read', 'register']);
  const refused = await page.request.post('/api/v1/audit/acknowledgements', { headers: { authorization: `Bearer ${token}` }, data: { seq, reason: REASON, password: DEMO_PASSWORD } });
  expect(refused.status()).toBe(403);
});
