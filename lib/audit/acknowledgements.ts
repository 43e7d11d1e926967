import 'server-only';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { rawArrays } from '@/db/raw';
import { acknowledgementKey, type Acknowledgement, type Acknowledgements } from './chain-walk';

/** What an `audit.break_acknowledged` event stores in `after`: the break as the verifier saw it, and why it stands. */
export type AcknowledgementRecord = { brokenSeq: number; verifierReason: string; storedHash: string; computedHash: string | null; reason: string };

export { acknowledgementKey } from './chain-walk';

function parseRecord(after: string | null): AcknowledgementRecord | null {
  try {
    const record = JSON.parse(after ?? 'null') as Partial<AcknowledgementRecord> | null;
    const valid = Number.isInteger(record?.brokenSeq) && typeof record?.verifierReason === 'string' && typeof record.storedHash === 'string' && typeof record.reason === 'string';
    return valid ? (record as AcknowledgementRecord) : null;
  } catch {
    return null;
  }
}

/**
 * Every acknowledgement in the trail, by broken sequence and verifier reason, read once before verification (from the
 * current database, or the SQLite connection given).
 * Only people acknowledge (the verb re-authenticates them); each event is itself verified where it stands in the chain.
 */
export async function readAcknowledgements(sqlite?: Database.Database): Promise<Acknowledgements> {
  const rows = await rawArrays<[seq: number, at: string, actorLabel: string, after: string | null]>(
    sql`SELECT seq, at, actor_label, after FROM audit_events WHERE action = 'audit.break_acknowledged' AND actor_type = 'user' ORDER BY seq`,
    sqlite,
  );
  const byBreak = new Map<string, Acknowledgement[]>();
  for (const [seq, at, actorLabel, after] of rows) {
    const record = parseRecord(after);
    if (!record) continue;
    const key = acknowledgementKey(record.brokenSeq, record.verifierReason);
    const acknowledgement = { acknowledgedSeq: seq, acknowledgedAt: at, acknowledgedBy: actorLabel, acknowledgedReason: record.reason, storedHash: record.storedHash, computedHash: record.computedHash ?? null };
    byBreak.set(key, [...(byBreak.get(key) ?? []), acknowledgement]);
  }
  return byBreak;
}
