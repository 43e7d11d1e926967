import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { eventHash } from '../lib/audit/hash';
import { ACCOUNTS, cli, createToken, dataDir, DEMO_PASSWORD, signIn, signInNewContext } from './helpers';

// The break stays in the shared chain (acknowledged, as it would in a deployment): one test, start to end.
test.describe.configure({ mode: 'serial' });

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
  await expect(dialog.getByText('Say what happened')).toBeVisible();

  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByLabel('Your password').fill('not the password');
  await dialog.getByRole('button', { name: 'Acknowledge break' }).click();
  await expect(dialog.getByText('Wrong password.')).toBeVisible();
  await expect(page.getByTestId('chain-status')).toContainText(`Broken at sequence ${seq}`);

  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Acknowledge break' }).click();
  await expect(dialog).toBeHidden();
  const status = page.getByTestId('chain-status');
  await expect(status).toContainText(/Intact \(\d+ acknowledged breaks?\)/);
  const breaks = page.getByTestId('acknowledged-breaks');
  await expect(breaks).toContainText(`Sequence ${seq}: hash does not match the event contents`);
  await expect(breaks).toContainText(`Acknowledged by ${ACCOUNTS.admin}`);
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
