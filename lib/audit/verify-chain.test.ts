import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getConnection, openDatabase, withTransaction } from '@/db';
import { openPostgres } from '@/db/postgres';
import { databaseFile } from '@/lib/config';
import { systemActor } from '@/lib/auth/actor';
import { onPostgres, refusal, sqlRows, sqlRun, withoutAppendOnlyTriggers } from '@/lib/testing-sql';
import { recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

const actor = systemActor('test');

async function appendEvents(n: number) {
  for (let i = 0; i < n; i++) {
    await withTransaction(async (tx) => await recordAudit(tx, actor, { action: 'system.updated', entityType: 'ai_system', entityId: `s${i}`, after: { i } }));
  }
}

describe('the audit chain', () => {
  it('links each event to the previous hash and verifies intact', async () => {
    await appendEvents(5);
    const rows = await sqlRows<{ seq: number; prev_hash: string; hash: string }>(sql`SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq`);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, count: rows.length, firstBrokenSeq: null, head: { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash } });
  });

  it('refuses UPDATE and DELETE through the triggers', async () => {
    expect(await refusal(() => sqlRun(sql`UPDATE audit_events SET actor_label = 'x' WHERE seq = 1`))).toMatch(/append-only/);
    expect(await refusal(() => sqlRun(sql`DELETE FROM audit_events WHERE seq = 1`))).toMatch(/append-only/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('names the first edited event when a row is changed with the triggers dropped', async () => {
    await withoutAppendOnlyTriggers('audit_events', async () => {
      await sqlRun(sql`UPDATE audit_events SET after = ${'{"i":99}'} WHERE seq = ${3}`);
      expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash does not match the event contents' });
      await sqlRun(sql`UPDATE audit_events SET after = ${'{"i":2}'} WHERE seq = ${3}`);
      expect((await verifyAuditChain()).ok).toBe(true);
    });
    expect(await refusal(() => sqlRun(sql`UPDATE audit_events SET after = ${'{"i":99}'} WHERE seq = ${3}`))).toMatch(/append-only/);
  });

  it('catches a deleted event as a sequence gap', async () => {
    await withoutAppendOnlyTriggers('audit_events', async () => await sqlRun(sql`DELETE FROM audit_events WHERE seq = ${4}`));
    expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    expect(await refusal(() => sqlRun(sql`DELETE FROM audit_events WHERE seq = ${5}`))).toMatch(/append-only/);
  });

  it('refuses to start when an append-only trigger is missing', async () => {
    if (onPostgres) {
      // PostgreSQL names triggers per table; start-up checks the same list there (db/postgres.ts).
      await sqlRun(sql`DROP TRIGGER signatures_no_delete ON signatures`);
      await expect(openPostgres(process.env.DATABASE_URL!)).rejects.toThrow(/signatures_no_delete/);
      const tolerant = await openPostgres(process.env.DATABASE_URL!, { requireTriggers: false });
      await tolerant.pool.end();
      return;
    }
    const { sqlite } = getConnection();
    sqlite.exec('DROP TRIGGER signatures_no_delete');
    expect(() => openDatabase({ file: databaseFile() })).toThrow(/signatures_no_delete/);
    expect(() => openDatabase({ file: databaseFile(), requireTriggers: false }).sqlite.close()).not.toThrow();
  });
});
