import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withReadTransaction, withTransaction } from '@/db';
import { type Actor, systemActor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { onPostgres, sqlRows, sqlRun, sqlValue, withoutAppendOnlyTriggers } from '@/lib/testing-sql';
import type { ChainBreak } from './chain-walk';
import { recordAudit } from './record-event';
import { ZAcknowledgeBreakInput } from './schemas';
import { verifyAuditChainSplit } from './verify-chain';

// A chain of 60 events and more split into 3 ranges: tampering at and around where they meet.
const SPLIT = { workers: 3, minEventsPerWorker: 10 };
const ONE_WALK = { workers: 1, minEventsPerWorker: 1 };

let admin: Actor;

async function append(n: number) {
  for (let i = 0; i < n; i++) await withTransaction(async (tx) => await recordAudit(tx, systemActor('test'), { action: 'system.updated', entityType: 'ai_system', entityId: `s${i}`, after: { i } }));
}

/** The chain verified in worker-thread ranges and in one walk: the same answer, and the ranges really ran. */
async function verifiedBothWays(expectedRanges = SPLIT.workers) {
  const split = await verifyAuditChainSplit(SPLIT);
  const walked = await verifyAuditChainSplit(ONE_WALK);
  expect(split.ranges).toBe(expectedRanges);
  expect(walked.ranges).toBe(1);
  expect({ ...split.result, verifiedAt: null }).toEqual({ ...walked.result, verifiedAt: null });
  return split.result;
}

/** Appends an admin's acknowledgement of `found`, as acknowledgeBreak records it. */
async function acknowledge(found: ChainBreak) {
  await withTransaction(async (tx) =>
    await recordAudit(tx, admin, {
      action: 'audit.break_acknowledged',
      entityType: 'audit_event',
      entityId: String(found.seq),
      after: { brokenSeq: found.seq, verifierReason: found.reason, storedHash: found.storedHash, computedHash: found.computedHash, reason: 'A test break that stands.' },
    }),
  );
}

type ChainRowObject = Record<'at' | 'actor_type' | 'actor_id' | 'actor_label' | 'action' | 'entity_type' | 'entity_id' | 'before' | 'after' | 'ip' | 'user_agent' | 'prev_hash' | 'hash', string | null>;

const tamper = (change: () => Promise<void>) => withoutAppendOnlyTriggers('audit_events', change);

/** The first sequence number of each range, as the chain now stands (acknowledgements lengthen it). */
async function rangeStarts() {
  const high = Number(await sqlValue(sql`SELECT max(seq) FROM audit_events`));
  const size = Math.ceil(high / SPLIT.workers);
  return [1, 1 + size, 1 + 2 * size];
}

beforeAll(async () => {
  admin = await makeActor(['admin']);
  const { count } = (await verifyAuditChainSplit(ONE_WALK)).result;
  await append(60 - count);
});

describe('verifying a long audit chain in ranges side by side', () => {
  it('verifies an intact chain to the same head as one walk', async () => {
    expect(await verifiedBothWays()).toMatchObject({ ok: true, count: 60, head: { seq: 60 } });
  });

  it('finds an edited row inside a later range', async () => {
    await tamper(async () => await sqlRun(sql`UPDATE audit_events SET after = ${'{"i":99}'} WHERE seq = ${45}`));
    const result = await verifiedBothWays();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 45, reason: 'hash does not match the event contents', count: 44, head: { seq: 44 } });
    await acknowledge(result.firstBreak!);
    expect(await verifiedBothWays()).toMatchObject({ ok: true, count: 61, acknowledgedBreaks: [{ seq: 45 }] });
  });

  it('finds a link broken on the first row of a range, where the ranges meet', async () => {
    const [, start] = await rangeStarts();
    await tamper(async () => await sqlRun(sql`UPDATE audit_events SET prev_hash = ${'f'.repeat(64)} WHERE seq = ${start}`));
    const result = await verifiedBothWays();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: start, reason: 'previous hash does not match the preceding event', count: start! - 1, head: { seq: start! - 1 } });
    await acknowledge(result.firstBreak!);
    // The row's own contents are checked next, from its own link: it was hashed from the true one, so it breaks again.
    const next = await verifiedBothWays();
    expect(next).toMatchObject({ ok: false, firstBrokenSeq: start, reason: 'hash does not match the event contents', acknowledgedBreaks: [{ seq: start }] });
    await acknowledge(next.firstBreak!);
    expect(await verifiedBothWays()).toMatchObject({ ok: true, acknowledgedBreaks: [{ seq: start }, { seq: start }, { seq: 45 }] });
  });

  it('finds a deleted row at the end of a range as a gap at the start of the next', async () => {
    const [, , start] = await rangeStarts();
    await tamper(async () => await sqlRun(sql`DELETE FROM audit_events WHERE seq = ${start! - 1}`));
    expect(await verifiedBothWays()).toMatchObject({ ok: false, firstBrokenSeq: start! - 1, reason: `sequence gap: expected ${start! - 1}, found ${start}`, head: { seq: start! - 2 } });
  });

  it('joins across a range with no rows left in it', async () => {
    const [, second, third] = await rangeStarts();
    await tamper(async () => await sqlRun(sql`DELETE FROM audit_events WHERE seq BETWEEN ${second! - 1} AND ${third! + 1}`));
    expect(await verifiedBothWays()).toMatchObject({ ok: false, firstBrokenSeq: second! - 1, reason: `sequence gap: expected ${second! - 1}, found ${third! + 2}`, head: { seq: second! - 2 } });
  });

  it('walks in process inside a transaction: a write one has rows no other connection sees, a read one would sit idle', async () => {
    const walked = (await verifyAuditChainSplit(ONE_WALK)).result;
    for (const transaction of [withTransaction, withReadTransaction]) {
      const inside = await transaction(async () => await verifyAuditChainSplit(SPLIT));
      expect(inside.ranges).toBe(1);
      expect({ ...inside.result, verifiedAt: null }).toEqual({ ...walked, verifiedAt: null });
    }
  });

  it('sees a row forged at sequence 0 or below, in one walk and in ranges, and lets it be acknowledged', async () => {
    const [first] = await sqlRows<ChainRowObject>(sql`SELECT * FROM audit_events ORDER BY seq LIMIT 1`);
    await tamper(async () => await sqlRun(sql`INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
      VALUES (${-5}, ${first!.at}, ${first!.actor_type}, ${first!.actor_id}, ${first!.actor_label}, ${first!.action}, ${first!.entity_type}, ${first!.entity_id}, ${first!.before}, ${first!.after}, ${first!.ip}, ${first!.user_agent}, ${first!.prev_hash}, ${first!.hash})`));
    const result = await verifiedBothWays();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: -5, reason: 'sequence gap: expected 1, found -5', count: 0, head: null });
    expect(ZAcknowledgeBreakInput.parse({ seq: '-5', reason: 'A row forged below the first sequence number.', password: 'x' }).seq).toBe(-5);
    await acknowledge(result.firstBreak!);
    expect(await verifiedBothWays()).toMatchObject({ ok: false, acknowledgedBreaks: [{ seq: -5 }] });
  });

  it.skipIf(onPostgres)('walks in process when a forged sequence number is past what JavaScript reads exactly (SQLite)', async () => {
    await tamper(async () => await sqlRun(sql.raw(`INSERT INTO audit_events (seq, at, actor_type, actor_label, action, entity_type, prev_hash, hash)
      VALUES (9007199254740993, '2026-12-05T00:00:00.000Z', 'system', 'forged', 'system.updated', 'ai_system', '${'0'.repeat(64)}', '${'0'.repeat(64)}')`)));
    const split = await verifyAuditChainSplit(SPLIT);
    expect(split.ranges).toBe(1);
    expect(split.result.ok).toBe(false);
  });
});
