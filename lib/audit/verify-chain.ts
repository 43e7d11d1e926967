import 'server-only';
import type Database from 'better-sqlite3';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

export type ChainVerification = {
  ok: boolean;
  count: number;
  head: { seq: number; hash: string } | null;
  firstBrokenSeq: number | null;
  reason: string | null;
  verifiedAt: string;
};

type Row = HashedFields & { prevHash: string; hash: string };

/** Re-computes every hash in sequence order; the first row that does not follow from its predecessor is reported. */
export function verifyAuditChain(sqlite: Database.Database): ChainVerification {
  const rows = sqlite
    .prepare(
      `SELECT seq, at, actor_type AS actorType, actor_id AS actorId, actor_label AS actorLabel, action,
              entity_type AS entityType, entity_id AS entityId, before, after, ip, user_agent AS userAgent,
              prev_hash AS prevHash, hash
       FROM audit_events ORDER BY seq`,
    )
    .iterate() as IterableIterator<Row>;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const result = (ok: boolean, firstBrokenSeq: number | null, reason: string | null): ChainVerification => ({
    ok,
    count,
    head: count > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
    firstBrokenSeq,
    reason,
    verifiedAt: new Date().toISOString(),
  });
  for (const row of rows) {
    let reason: string | null = null;
    if (row.seq !== expectedSeq) reason = `sequence gap: expected ${expectedSeq}, found ${row.seq}`;
    else if (row.prevHash !== prevHash) reason = 'previous hash does not match the preceding event';
    else if (eventHash(prevHash, row) !== row.hash) reason = 'hash does not match the event contents';
    if (reason) {
      const broken = Math.min(row.seq, expectedSeq);
      (rows as unknown as { return?: () => void }).return?.();
      return result(false, broken, reason);
    }
    prevHash = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  return result(true, null, null);
}
