import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { getConnection, withTransaction, type Tx } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

const append = (tx: Tx, actor: Actor, n: number) => recordAudit(tx, actor, { action: 'system.updated', entityType: 'ai_system', entityId: 'appended', after: { n } });

/** How many times the statement reading the chain's head reaches the database while `run` runs. */
async function headReadsDuring(run: () => Promise<unknown>): Promise<number> {
  const isHeadRead = (text: unknown) => /from "audit_events" order by "audit_events"."seq" desc/i.test(String(text));
  const spy = onPostgres ? vi.spyOn(pg.Client.prototype, 'query') : vi.spyOn(getConnection().sqlite, 'prepare');
  try {
    await run();
    // node-postgres takes the text or a config holding it; better-sqlite3 the text.
    return spy.mock.calls.filter(([query]: unknown[]) => isHeadRead((query as { text?: unknown } | null)?.text ?? query)).length;
  } finally {
    spy.mockRestore();
  }
}

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
    expect(await headReadsDuring(() => withTransaction(async (tx) => {
      for (let n = 0; n < 5; n++) await append(tx, actor, n);
    }))).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
