import 'server-only';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { rawArrays } from '@/db/raw';
import { acknowledgementKey, readAcknowledgements, type Acknowledgement } from './acknowledgements';
import { eventHash, GENESIS_HASH } from './hash';

/** What the verifier saw at a break; an acknowledgement covers the break only while all of it is unchanged. */
export type ChainBreak = { seq: number; reason: string; storedHash: string; computedHash: string | null };

/** A break an admin acknowledged: where and why it broke, who acknowledged it, when, and their reason. */
export type AcknowledgedBreak = { seq: number; reason: string; acknowledgedSeq: number; acknowledgedAt: string; acknowledgedBy: string; acknowledgedReason: string };

export type ChainVerification = {
  /** True when every break found is acknowledged (then `acknowledgedBreaks` lists them). */
  ok: boolean;
  count: number;
  head: { seq: number; hash: string } | null;
  firstBrokenSeq: number | null;
  reason: string | null;
  /** The first unacknowledged break, with the digests an acknowledgement must name. */
  firstBreak: ChainBreak | null;
  acknowledgedBreaks: AcknowledgedBreak[];
  verifiedAt: string;
};

const CHUNK_ROWS = 1000;

type RawRow = [number, string, string, string | null, string, string, string, string | null, string | null, string | null, string | null, string | null, string, string];

/** An acknowledgement recorded after the broken row, naming the same stored and computed digests. */
const covering = (acknowledgements: Acknowledgement[] | undefined, found: ChainBreak, rowSeq: number) =>
  acknowledgements?.find((a) => a.acknowledgedSeq > rowSeq && a.storedHash === found.storedHash && a.computedHash === found.computedHash);

/**
 * Re-computes every hash in sequence order; the first row that does not follow from its predecessor is a break.
 * An acknowledged break is listed and verification goes on from the broken row's stored hash (after a gap or a
 * broken link, the row's own contents are still checked), so any later tampering is a new, unacknowledged break.
 * Reads the current database, or the SQLite connection given (a read-only copy).
 */
export async function verifyAuditChain(sqlite?: Database.Database): Promise<ChainVerification> {
  const acknowledgements = await readAcknowledgements(sqlite);
  // Positional rows in chunks of 1,000: keyed row objects and per-row stepping cost as much as the hashing,
  // and larger chunks are slower again (garbage collection of big arrays).
  const chunk = (afterSeq: number) =>
    rawArrays<RawRow>(
      sql`SELECT seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash
          FROM audit_events WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${CHUNK_ROWS}`,
      sqlite,
    );
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const acknowledgedBreaks: AcknowledgedBreak[] = [];
  const result = (firstBreak: ChainBreak | null): ChainVerification => ({
    ok: firstBreak === null,
    count,
    head: count > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
    firstBrokenSeq: firstBreak?.seq ?? null,
    reason: firstBreak?.reason ?? null,
    firstBreak,
    acknowledgedBreaks,
    verifiedAt: new Date().toISOString(),
  });
  // The next chunk is asked for before this one is hashed: on PostgreSQL the server reads it meanwhile.
  const prefetch = (rows: RawRow[]) => {
    const next = rows.length === CHUNK_ROWS ? chunk(rows.at(-1)![0]) : Promise.resolve([]);
    next.catch(() => undefined); // awaited below; a break found first must not leave it unhandled
    return next;
  };
  let pending = chunk(0);
  for (let rows = await pending; rows.length > 0; rows = await pending) {
    pending = prefetch(rows);
    for (let i = 0; i < rows.length; i++) {
      const [seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent, rowPrevHash, rowHash] = rows[i]!;
      let reason: string | null = null;
      let computedHash: string | null = null;
      if (seq !== expectedSeq) reason = `sequence gap: expected ${expectedSeq}, found ${seq}`;
      else if (rowPrevHash !== prevHash) reason = 'previous hash does not match the preceding event';
      else {
        computedHash = eventHash(prevHash, { seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent });
        if (computedHash !== rowHash) reason = 'hash does not match the event contents';
      }
      if (reason !== null) {
        const found: ChainBreak = { seq: Math.min(seq, expectedSeq), reason, storedHash: rowHash, computedHash };
        const ack = covering(acknowledgements.get(acknowledgementKey(found.seq, reason)), found, seq);
        if (!ack) return result(found);
        const { acknowledgedSeq, acknowledgedAt, acknowledgedBy, acknowledgedReason } = ack;
        acknowledgedBreaks.push({ seq: found.seq, reason, acknowledgedSeq, acknowledgedAt, acknowledgedBy, acknowledgedReason });
        if (computedHash === null) {
          // A gap or a broken link: take the row's own link as given and check its contents next.
          prevHash = rowPrevHash;
          expectedSeq = seq;
          i -= 1;
          continue;
        }
      }
      prevHash = rowHash;
      expectedSeq += 1;
      count += 1;
    }
  }
  return result(null);
}
