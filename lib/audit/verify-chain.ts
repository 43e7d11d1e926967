import 'server-only';
import type Database from 'better-sqlite3';
import { eventHash, GENESIS_HASH } from './hash';

export type ChainVerification = {
  ok: boolean;
  count: number;
  head: { seq: number; hash: string } | null;
  firstBrokenSeq: number | null;
  reason: string | null;
  verifiedAt: string;
};

const CHUNK_ROWS = 1000;

type RawRow = [number, string, string, string | null, string, string, string, string | null, string | null, string | null, string | null, string | null, string, string];

/** Re-computes every hash in sequence order; the first row that does not follow from its predecessor is reported. */
export function verifyAuditChain(sqlite: Database.Database): ChainVerification {
  // Positional rows in chunks of 1,000: keyed row objects and per-row stepping cost as much as the hashing,
  // and larger chunks are slower again (garbage collection of big arrays).
  const chunk = sqlite
    .prepare(
      `SELECT seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash
       FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${CHUNK_ROWS}`,
    )
    .raw();
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
  for (let rows = chunk.all(0) as RawRow[]; rows.length > 0; rows = chunk.all(rows.at(-1)![0]) as RawRow[]) {
    for (const [seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent, rowPrevHash, rowHash] of rows) {
      let reason: string | null = null;
      if (seq !== expectedSeq) reason = `sequence gap: expected ${expectedSeq}, found ${seq}`;
      else if (rowPrevHash !== prevHash) reason = 'previous hash does not match the preceding event';
      else if (eventHash(prevHash, { seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent }) !== rowHash) {
        reason = 'hash does not match the event contents';
      }
      if (reason) return result(false, Math.min(seq, expectedSeq), reason);
      prevHash = rowHash;
      expectedSeq += 1;
      count += 1;
    }
  }
  return result(true, null, null);
}
