import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as acknowledgementsRoute from '@/app/api/v1/audit/acknowledgements/route';
import * as verifyRoute from '@/app/api/v1/audit/verify/route';
import { withTransaction } from '@/db';
import { type Actor, systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { makeActor } from '@/lib/testing';
import { countRows, onPostgres, sqlRows, sqlRun, sqlValue, withoutAppendOnlyTriggers } from '@/lib/testing-sql';
import { acknowledgeBreak } from './acknowledge-break';
import { eventHash, GENESIS_HASH } from './hash';
import { recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

const PASSWORD = 'correct horse battery staple';
const REASON = 'A failed sign-in before v1.4 stored a lone surrogate as U+FFFD; the row was never edited.';

const verify = () => verifyAuditChain();
const count = (action: string) => countRows('audit_events', sql`action = ${action}`);
const maxSeq = async () => Number(await sqlValue(sql`SELECT max(seq) FROM audit_events`));
const append = async (n: number) => {
  for (let i = 0; i < n; i++) await withTransaction(async (tx) => await recordAudit(tx, systemActor('test'), { action: 'system.updated', entityType: 'ai_system', entityId: `s${i}`, after: { i } }));
};

/** What recordAudit did before audit texts were made well-formed: hash the JS string, let the database store other bytes. */
async function appendLegacyFailedSignIn() {
  const [last] = await sqlRows<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const fields = { seq: last!.seq + 1, at: new Date().toISOString(), actorType: 'system', actorId: null, actorLabel: 'ghost\ud800@example.com', action: 'auth.sign_in_failed', entityType: 'user', entityId: null, before: null, after: null, ip: '10.0.0.9', userAgent: 'curl/8' };
  const row = { ...fields, prevHash: last!.hash, hash: eventHash(last!.hash, fields) };
  await sqlRun(sql`INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
    VALUES (${row.seq}, ${row.at}, ${row.actorType}, ${row.actorId}, ${row.actorLabel}, ${row.action}, ${row.entityType}, ${row.entityId}, ${row.before}, ${row.after}, ${row.ip}, ${row.userAgent}, ${row.prevHash}, ${row.hash})`);
  return row.seq;
}

/** Runs `change` with the append-only triggers off, as someone with the database file (or a superuser) could. */
const tamper = (change: () => Promise<void>) => withoutAppendOnlyTriggers('audit_events', change);

let admin: Actor;
let brokenSeq: number;

beforeAll(async () => {
  admin = await makeActor(['admin']);
  await append(3);
  brokenSeq = await appendLegacyFailedSignIn();
  await append(3);
});

describe('acknowledging a break in the audit chain', () => {
  it('starts from a chain that a stored lone surrogate broke for ever', async () => {
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: brokenSeq, reason: 'hash does not match the event contents', acknowledgedBreaks: [] });
    // SQLite kept the surrogate's three WTF-8 bytes (three U+FFFD read back); node-postgres sends U+FFFD for it.
    const stored = onPostgres ? 'ghost\ufffd@example.com' : 'ghost\ufffd\ufffd\ufffd@example.com';
    expect(await sqlValue(sql`SELECT actor_label FROM audit_events WHERE seq = ${brokenSeq}`)).toBe(stored);
  });

  it('is refused to anyone but an admin, and to every API token, writing nothing', async () => {
    const before = await count('audit.break_acknowledged');
    const auditor = await makeActor(['auditor', 'risk_officer']);
    await expect(acknowledgeBreak(auditor, { seq: brokenSeq, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 403 });
    await expect(acknowledgeBreak({ ...admin, type: 'token', tokenId: 't', scopes: ['read', 'register'] }, { seq: brokenSeq, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 403 });
    const token = (await createApiToken(admin, admin.userId, { name: 'admin token', scopes: ['read', 'register'] })).secret;
    const response = await acknowledgementsRoute.POST(
      new NextRequest('http://localhost/api/v1/audit/acknowledgements', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ seq: brokenSeq, reason: REASON, password: PASSWORD }) }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(403);
    expect(await count('audit.break_acknowledged')).toBe(before);
  });

  it('needs the password again: a wrong one is refused and audited, five lock it', async () => {
    const other = await makeActor(['admin']);
    const failedBefore = await count('audit.acknowledge_failed');
    for (let i = 0; i < 5; i++) {
      await expect(acknowledgeBreak(other, { seq: brokenSeq, reason: REASON, password: 'not my password' })).rejects.toMatchObject({ status: 400, issues: [{ path: 'password' }] });
    }
    expect(await count('audit.acknowledge_failed')).toBe(failedBefore + 5);
    const [failure] = await sqlRows(sql`SELECT * FROM audit_events WHERE action = 'audit.acknowledge_failed' ORDER BY seq DESC LIMIT 1`);
    expect(failure).toMatchObject({ actor_id: other.userId, entity_type: 'audit_event', entity_id: String(brokenSeq) });
    await expect(acknowledgeBreak(other, { seq: brokenSeq, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/locked/) });
    expect(await count('audit.break_acknowledged')).toBe(0);
  });

  it('is refused (409) for a sequence that is not the break', async () => {
    await expect(acknowledgeBreak(admin, { seq: brokenSeq - 1, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(`sequence ${brokenSeq} is`) });
    await expect(acknowledgeBreak(admin, { seq: brokenSeq + 100, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 409 });
    expect(await count('audit.break_acknowledged')).toBe(0);
  });

  it('appends the acknowledgement; verification then lists who, when and why, and goes on after the break', async () => {
    const result = await acknowledgeBreak(admin, { seq: brokenSeq, reason: REASON, password: PASSWORD });
    expect(result).toMatchObject({ brokenSeq, verifierReason: 'hash does not match the event contents', reason: REASON, acknowledgedBy: admin.email });
    const chain = await verify();
    expect(chain).toMatchObject({ ok: true, firstBrokenSeq: null, firstBreak: null });
    expect(chain.head!.seq).toBe(result.acknowledgedSeq);
    expect(chain.count).toBe(result.acknowledgedSeq);
    expect(chain.acknowledgedBreaks).toEqual([
      { seq: brokenSeq, reason: 'hash does not match the event contents', acknowledgedSeq: result.acknowledgedSeq, acknowledgedAt: result.acknowledgedAt, acknowledgedBy: admin.email, acknowledgedReason: REASON },
    ]);
    const [event] = await sqlRows(sql`SELECT actor_id, entity_type, entity_id FROM audit_events WHERE seq = ${result.acknowledgedSeq}`);
    expect(event).toEqual({ actor_id: admin.userId, entity_type: 'audit_event', entity_id: String(brokenSeq) });
    const auditor = await makeActor(['auditor']);
    const token = (await createApiToken(systemActor('test'), auditor.userId, { name: 'auditor read', scopes: ['read'] })).secret;
    const response = await verifyRoute.GET(new NextRequest('http://localhost/api/v1/audit/verify', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect(await response.json()).toMatchObject({ ok: true, firstBrokenSeq: null, acknowledgedBreaks: [{ seq: brokenSeq, acknowledgedBy: admin.email, acknowledgedReason: REASON }] });
  });

  it('is refused (409) a second time, and for a chain without breaks', async () => {
    await expect(acknowledgeBreak(admin, { seq: brokenSeq, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/already acknowledged/) });
    await expect(acknowledgeBreak(admin, { seq: 2, reason: REASON, password: PASSWORD })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/not broken/) });
    expect(await count('audit.break_acknowledged')).toBe(1);
  });

  it('still catches later tampering as a new, unacknowledged break', async () => {
    await append(3);
    const target = (await maxSeq()) - 1;
    await tamper(() => sqlRun(sql`UPDATE audit_events SET after = ${'{"i":99}'} WHERE seq = ${target}`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: target, reason: 'hash does not match the event contents', acknowledgedBreaks: [{ seq: brokenSeq }] });
    await tamper(() => sqlRun(sql`UPDATE audit_events SET after = ${'{"i":1}'} WHERE seq = ${target}`));
    expect((await verify()).ok).toBe(true);
  });

  it('stops covering the acknowledged row once it is edited again, or once the acknowledgement is', async () => {
    await tamper(() => sqlRun(sql`UPDATE audit_events SET ip = '10.0.0.10' WHERE seq = ${brokenSeq}`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: brokenSeq, acknowledgedBreaks: [] });
    await tamper(() => sqlRun(sql`UPDATE audit_events SET ip = '10.0.0.9' WHERE seq = ${brokenSeq}`));
    const [ack] = await sqlRows<{ seq: number; after: string }>(sql`SELECT seq, after FROM audit_events WHERE action = 'audit.break_acknowledged'`);
    await tamper(() => sqlRun(sql`UPDATE audit_events SET after = ${ack!.after.replace('lone surrogate', 'lone  surrogate')} WHERE seq = ${ack!.seq}`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: ack!.seq });
    await tamper(() => sqlRun(sql`UPDATE audit_events SET after = ${ack!.after} WHERE seq = ${ack!.seq}`));
    expect((await verify()).ok).toBe(true);
  });

  it('acknowledges a deleted event (a gap) and still checks the contents of the row after it', async () => {
    await append(2);
    const gap = (await maxSeq()) - 1;
    await tamper(() => sqlRun(sql`DELETE FROM audit_events WHERE seq = ${gap}`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: gap, reason: `sequence gap: expected ${gap}, found ${gap + 1}` });
    await acknowledgeBreak(admin, { seq: gap, reason: 'Deleted by a restore from a partial backup; investigated in incident 42.', password: PASSWORD });
    expect(await verify()).toMatchObject({ ok: true, acknowledgedBreaks: [{ seq: brokenSeq }, { seq: gap }] });
    await tamper(() => sqlRun(sql`UPDATE audit_events SET entity_id = 'forged' WHERE seq = ${gap + 1}`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: gap + 1, reason: 'hash does not match the event contents' });
  });

  it('keeps chains recorded before this change verifying (fixed vectors from the earlier code)', async () => {
    // An SQLite file as the earlier code left it, on either backend: the vectors are about hashing, not storage.
    const golden = new Database(':memory:');
    golden.exec('CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at TEXT, actor_type TEXT, actor_id TEXT, actor_label TEXT, action TEXT, entity_type TEXT, entity_id TEXT, before TEXT, after TEXT, ip TEXT, user_agent TEXT, prev_hash TEXT, hash TEXT)');
    const insert = golden.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(1, '2026-01-05T09:00:00.000Z', 'system', null, 'seed', 'user.created', 'user', 'u-1', null, '{"email":"dana@example.com","roles":["admin"]}', null, null, GENESIS_HASH, 'cf03eb8071e91d80a5bff12c4fe87b77ab68b95eee600def51ea6cbcd704c6f6');
    insert.run(2, '2026-01-05T09:01:00.000Z', 'user', 'u-1', 'dana@example.com', 'system.updated', 'ai_system', 's-1', '{"purpose":"Cafe\u0301 \\"quoted\\" \\\\ back"}', '{"purpose":"Caf\u00e9 \u{1f600} nul\\u0000 tab\\t"}', '10.0.0.7', 'Mozilla/5.0 (X11; Linux x86_64)', 'cf03eb8071e91d80a5bff12c4fe87b77ab68b95eee600def51ea6cbcd704c6f6', 'c1e245391b6f26bff5ea2f774d3020f658ce64d614e4871116741b3c94039144');
    insert.run(3, '2026-01-05T09:02:00.000Z', 'system', null, 'm\u00fcller\u0000@example.com', 'auth.sign_in_failed', 'user', null, null, null, '::1', 'curl/8.5.0', 'c1e245391b6f26bff5ea2f774d3020f658ce64d614e4871116741b3c94039144', '9af56374320c67219a3ecd6fddf789615900c3c7f0016784d3a5415a9b0f01b8');
    expect(await verifyAuditChain(golden)).toMatchObject({ ok: true, count: 3, head: { seq: 3, hash: '9af56374320c67219a3ecd6fddf789615900c3c7f0016784d3a5415a9b0f01b8' }, acknowledgedBreaks: [] });
    golden.close();
  });
});
