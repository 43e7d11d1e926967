// The verifier's walk over audit rows in sequence order, shared by the server and the worker threads that verify
// parts of a long chain side by side (verify-range.worker.ts). No database and no `server-only` here.
import { eventHash } from './hash';

/** What the verifier saw at a break; an acknowledgement covers the break only while all of it is unchanged. */
export type ChainBreak = { seq: number; reason: string; storedHash: string; computedHash: string | null };

/** A break an admin acknowledged: where and why it broke, who acknowledged it, when, and their reason. */
export type AcknowledgedBreak = { seq: number; reason: string; acknowledgedSeq: number; acknowledgedAt: string; acknowledgedBy: string; acknowledgedReason: string };

export type Acknowledgement = {
  acknowledgedSeq: number;
  acknowledgedAt: string;
  acknowledgedBy: string;
  acknowledgedReason: string;
  storedHash: string;
  computedHash: string | null;
};

/** Acknowledgements by broken sequence and verifier reason. */
export type Acknowledgements = Map<string, Acknowledgement[]>;

export const acknowledgementKey = (brokenSeq: number, verifierReason: string) => `${brokenSeq} ${verifierReason}`;

/** The columns the walk reads, in this order. */
export const CHAIN_COLUMNS = 'seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash';
export type ChainRow = [number, string, string, string | null, string, string, string, string | null, string | null, string | null, string | null, string | null, string, string];
/** Rows read at a time: keyed row objects and per-row stepping cost as much as the hashing, bigger chunks are slower (GC). */
export const CHAIN_CHUNK_ROWS = 1000;

/** Where the walk stands: the hash and sequence the next row must follow, and what it has verified so far. */
export type WalkState = { prevHash: string; expectedSeq: number; count: number; acknowledgedBreaks: AcknowledgedBreak[] };

/** An acknowledgement recorded after the broken row, naming the same stored and computed digests. */
const covering = (acknowledgements: Acknowledgement[] | undefined, found: ChainBreak, rowSeq: number) =>
  acknowledgements?.find((a) => a.acknowledgedSeq > rowSeq && a.storedHash === found.storedHash && a.computedHash === found.computedHash);

/**
 * A break at the row `seq` unless an acknowledgement covers it: then it is listed in `state` and null comes back.
 */
export function unacknowledged(state: WalkState, acknowledgements: Acknowledgements, found: ChainBreak, rowSeq: number): ChainBreak | null {
  const ack = covering(acknowledgements.get(acknowledgementKey(found.seq, found.reason)), found, rowSeq);
  if (!ack) return found;
  const { acknowledgedSeq, acknowledgedAt, acknowledgedBy, acknowledgedReason } = ack;
  state.acknowledgedBreaks.push({ seq: found.seq, reason: found.reason, acknowledgedSeq, acknowledgedAt, acknowledgedBy, acknowledgedReason });
  return null;
}

/**
 * The break a row's place in the chain makes (a gap in the sequence, or a link to another hash than the one before),
 * or null when it follows on.
 */
export function linkBreak(state: WalkState, seq: number, rowPrevHash: string, rowHash: string): ChainBreak | null {
  if (seq !== state.expectedSeq) return { seq: Math.min(seq, state.expectedSeq), reason: `sequence gap: expected ${state.expectedSeq}, found ${seq}`, storedHash: rowHash, computedHash: null };
  if (rowPrevHash !== state.prevHash) return { seq, reason: 'previous hash does not match the preceding event', storedHash: rowHash, computedHash: null };
  return null;
}

/**
 * Re-computes the hash of each row in order; the first row that does not follow from its predecessor is a break.
 * An acknowledged break is listed and the walk goes on from the broken row's stored hash (after a gap or a broken
 * link, the row's own contents are still checked), so any later tampering is a new, unacknowledged break. Returns
 * that break, with `state` where it stopped, or null with `state` after the last row.
 */
export function walkChain(state: WalkState, rows: ChainRow[], acknowledgements: Acknowledgements): ChainBreak | null {
  for (let i = 0; i < rows.length; i++) {
    const [seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent, rowPrevHash, rowHash] = rows[i]!;
    const link = linkBreak(state, seq, rowPrevHash, rowHash);
    if (link) {
      const found = unacknowledged(state, acknowledgements, link, seq);
      if (found) return found;
      // Take the row's own link as given and check its contents next.
      state.prevHash = rowPrevHash;
      state.expectedSeq = seq;
      i -= 1;
      continue;
    }
    const computedHash = eventHash(state.prevHash, { seq, at, actorType, actorId, actorLabel, action, entityType, entityId, before, after, ip, userAgent });
    if (computedHash !== rowHash) {
      const found = unacknowledged(state, acknowledgements, { seq, reason: 'hash does not match the event contents', storedHash: rowHash, computedHash }, seq);
      if (found) return found;
    }
    state.prevHash = rowHash;
    state.expectedSeq += 1;
    state.count += 1;
  }
  return null;
}

/** Where a walk over chunks ended: its state (null when there were no rows), its first break, and its first row. */
export type ChunksWalked = { state: WalkState | null; firstBreak: ChainBreak | null; first: ChainRow | null };

/**
 * Walks the chunks `read` gives, the first for `null` and each next one after the last sequence number read, asking
 * for the next before hashing this one (on PostgreSQL the server reads it meanwhile). `start` makes the walk's state
 * from the first row.
 */
export async function walkChunks(read: (afterSeq: number | null) => Promise<ChainRow[]>, start: (first: ChainRow) => WalkState, acknowledgements: Acknowledgements): Promise<ChunksWalked> {
  let state: WalkState | null = null;
  let first: ChainRow | null = null;
  let pending = read(null);
  for (let rows = await pending; rows.length > 0; rows = await pending) {
    pending = rows.length === CHAIN_CHUNK_ROWS ? read(rows.at(-1)![0]) : Promise.resolve([]);
    if (!first) {
      first = rows[0]!;
      state = start(first);
    }
    const firstBreak = walkChain(state!, rows, acknowledgements);
    if (firstBreak) {
      await pending.catch(() => undefined); // a break found first must not leave it unhandled
      return { state, firstBreak, first };
    }
  }
  return { state, firstBreak: null, first };
}
