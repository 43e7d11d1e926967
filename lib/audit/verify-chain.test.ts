import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConnection, openDatabase, withTransaction } from '@/db';
import { databaseFile, MIGRATIONS_DIR } from '@/lib/config';
import { systemActor } from '@/lib/auth/actor';
import { recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

const actor = systemActor('test');

async function appendEvents(n: number) {
  for (let i = 0; i < n; i++) {
    await withTransaction(async (tx) => await recordAudit(tx, actor, { action: 'system.updated', entityType: 'ai_system', entityId: `s${i}`, after: { i } }));
  }
}

const triggerSql = () =>
  fs.readFileSync(path.join(MIGRATIONS_DIR, '0001_append_only_triggers.sql'), 'utf8').split('--> statement-breakpoint');

describe('the audit chain', () => {
  it('links each event to the previous hash and verifies intact', async () => {
    await appendEvents(5);
    const { sqlite } = getConnection();
    const rows = sqlite.prepare('SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const result = await verifyAuditChain(sqlite);
    expect(result).toMatchObject({ ok: true, count: rows.length, firstBrokenSeq: null, head: { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash } });
  });

  it('refuses UPDATE and DELETE through the triggers', () => {
    const { sqlite } = getConnection();
    expect(() => sqlite.prepare("UPDATE audit_events SET actor_label = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('names the first edited event when a row is changed with the triggers dropped', async () => {
    const { sqlite } = getConnection();
    sqlite.exec('DROP TRIGGER audit_events_no_update');
    sqlite.prepare("UPDATE audit_events SET after = '{\"i\":99}' WHERE seq = 3").run();
    expect(await verifyAuditChain(sqlite)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash does not match the event contents' });
    sqlite.prepare("UPDATE audit_events SET after = '{\"i\":2}' WHERE seq = 3").run();
    expect((await verifyAuditChain(sqlite)).ok).toBe(true);
    sqlite.exec(triggerSql()[0]!);
  });

  it('catches a deleted event as a sequence gap', async () => {
    const { sqlite } = getConnection();
    sqlite.exec('DROP TRIGGER audit_events_no_delete');
    sqlite.prepare('DELETE FROM audit_events WHERE seq = 4').run();
    expect(await verifyAuditChain(sqlite)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    sqlite.exec(triggerSql()[1]!);
  });

  it('refuses to start when an append-only trigger is missing', () => {
    const { sqlite } = getConnection();
    sqlite.exec('DROP TRIGGER signatures_no_delete');
    expect(() => openDatabase({ file: databaseFile() })).toThrow(/signatures_no_delete/);
    expect(() => openDatabase({ file: databaseFile(), requireTriggers: false }).sqlite.close()).not.toThrow();
  });
});
