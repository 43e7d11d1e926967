import { describe, expect, it } from 'vitest';
import { unguardedWriter, withTransaction, type Tx } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { statementsDuring } from '@/lib/testing-statements';
import { appendingTogether, recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

const append = (tx: Tx, actor: Actor, n: number) => recordAudit(tx, actor, { action: 'system.updated', entityType: 'ai_system', entityId: 'appended', after: { n } });

const HEAD_READ = /from "audit_events" order by "audit_events"."seq" desc/i;
const READ_BACK = /select "seq", "actor_id", .* from "audit_events" where/i;
const INSERT = /insert into "audit_events"/i;

describe('appending to the audit chain within one transaction', () => {
  it('links each event to the one before, also after a savepoint that appended and was rolled back', async () => {
    const actor = await makeActor(['admin']);
    const [first, last] = await withTransaction(async (tx) => {
      const a = await append(tx, actor, 1);
      await expect(withTransaction(async (inner) => {
        await append(inner, actor, 2);
        throw new Error('undone');
      })).rejects.toThrow('undone');
      return [a, await append(tx, actor, 3)];
    });
    expect(last!.seq).toBe(first!.seq + 1);
    expect(last!.prevHash).toBe(first!.hash);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, head: { seq: last!.seq, hash: last!.hash } });
  });

  it('reads the head from the database once per transaction, not once per event', async () => {
    const actor = await makeActor(['admin']);
    expect(await statementsDuring(HEAD_READ, () => withTransaction(async (tx) => {
      for (let n = 0; n < 5; n++) await append(tx, actor, n);
    }))).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('reads its events back once, just before it commits, not once per event', async () => {
    const actor = await makeActor(['admin']);
    expect(await statementsDuring(READ_BACK, () => withTransaction(async (tx) => {
      for (let n = 0; n < 5; n++) await append(tx, actor, n);
    }))).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('reads an event back at once when it is appended outside a write transaction', async () => {
    const actor = await makeActor(['admin']);
    expect(await statementsDuring(READ_BACK, () => append(unguardedWriter(), actor, 1))).toBe(1);
  });

  it('writes appends made together in one statement before commit, linked as if written one by one', async () => {
    const actor = await makeActor(['admin']);
    let rows: { seq: number; prevHash: string; hash: string }[] = [];
    expect(await statementsDuring(INSERT, () => withTransaction(async (tx) => {
      await append(tx, actor, 0);
      rows = await appendingTogether(tx, async () => [await append(tx, actor, 1), await append(tx, actor, 2), await append(tx, actor, 3)]);
      rows.push(await append(tx, actor, 4));
    }))).toBe(3);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4].map((n) => rows[0]!.seq + n - 1));
    expect(rows.slice(1).map((r) => r.prevHash)).toEqual(rows.slice(0, -1).map((r) => r.hash));
    expect(await verifyAuditChain()).toMatchObject({ ok: true, head: { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash } });
  });

  it('drops the appends of a savepoint that rolls back while they wait, and links the next to the last kept', async () => {
    const actor = await makeActor(['admin']);
    const [kept, next] = await withTransaction(async (tx) =>
      await appendingTogether(tx, async () => {
        const a = await append(tx, actor, 1);
        await expect(withTransaction(async (inner) => {
          await append(inner, actor, 2);
          await append(inner, actor, 3);
          throw new Error('undone');
        })).rejects.toThrow('undone');
        return [a, await append(tx, actor, 4)];
      }));
    expect(next!.seq).toBe(kept!.seq + 1);
    expect(next!.prevHash).toBe(kept!.hash);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, head: { seq: next!.seq, hash: next!.hash } });
  });

  it('writes nothing when a transaction whose appends wait rolls back', async () => {
    const actor = await makeActor(['admin']);
    const before = await verifyAuditChain();
    await expect(withTransaction(async (tx) => await appendingTogether(tx, async () => {
      await append(tx, actor, 1);
      throw new Error('undone');
    }))).rejects.toThrow('undone');
    expect(await verifyAuditChain()).toMatchObject({ ok: true, head: before.head });
  });

  it('links to the last append, held or written, after a savepoint that rolls back, also with appends held in nested calls', async () => {
    const actor = await makeActor(['admin']);
    const undone = () => expect(withTransaction(async (inner) => {
      await append(inner, actor, -1);
      throw new Error('undone');
    })).rejects.toThrow('undone');
    const rows = await withTransaction(async (tx) => {
      const kept = [await appendingTogether(tx, async () => await append(tx, actor, 1))];
      kept.push(await append(tx, actor, 2)); // written, after one held
      await undone();
      kept.push(await append(tx, actor, 3));
      await appendingTogether(tx, async () => {
        await appendingTogether(tx, async () => kept.push(await append(tx, actor, 4)));
        kept.push(await append(tx, actor, 5)); // still held: the outer call has not ended
        await undone();
      });
      kept.push(await append(tx, actor, 6));
      return kept;
    });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => rows[0]!.seq + i));
    expect(rows.slice(1).map((r) => r.prevHash)).toEqual(rows.slice(0, -1).map((r) => r.hash));
    expect(await verifyAuditChain()).toMatchObject({ ok: true, head: { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash } });
  });
});
