import 'server-only';
import { and, desc, gte, lte, sql } from 'drizzle-orm';
import { auditAppendsHeld, checkBeforeCommit, first, holdingAuditAppends, queuedBeforeCommit, rememberAuditHead, transactionAuditHead, type Db, type Tx } from '@/db';
import { JSON_RECORDS_PER_STATEMENT, jsonRecords } from '@/db/portable-sql';
import { auditEvents, type ActorType } from '@/db/schema';
import { preparedPerConnection } from '@/lib/prepared-statements';
import type { AuditActor } from '@/lib/auth/actor';
import type { AuditAction } from './actions';
import { auditJson, auditText } from './audit-text';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

export type AuditEntry = {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

function actorFields(actor: AuditActor) {
  const request = { ip: auditText(actor.ip ?? null), userAgent: auditText(actor.userAgent ?? null) };
  if (actor.type === 'system') return { actorType: 'system' as const, actorId: null, actorLabel: auditText(actor.label), ...request };
  return {
    actorType: actor.type,
    actorId: auditText(actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId),
    actorLabel: auditText(actor.type === 'token' ? `${actor.email} (API token)` : actor.email),
    ...request,
  };
}

/** The stored columns that came from outside, read back before the transaction may commit. */
const STORED_TEXT = ['actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'before', 'after', 'ip', 'userAgent'] as const;

type Appended = { seq: number } & Record<(typeof STORED_TEXT)[number], string | null>;
type Row = typeof auditEvents.$inferInsert & Appended & { hash: string };

/**
 * Reads back the events a transaction appended, in one statement: their seqs are consecutive (the transaction holds
 * the writer's lock, and a rolled-back savepoint's events are dropped from the list), so one range of the key.
 */
async function readBack(tx: Tx, rows: Appended[]) {
  // Not Math.min(...seqs): a spread of 100,000 arguments overflows the stack.
  const [low, high] = rows.reduce(([min, max], { seq }) => [Math.min(min, seq), Math.max(max, seq)], [Infinity, -Infinity]);
  const range = and(gte(auditEvents.seq, low), lte(auditEvents.seq, high));
  const stored = new Map((await tx.select({ seq: auditEvents.seq, ...Object.fromEntries(STORED_TEXT.map((key) => [key, auditEvents[key]])) }).from(auditEvents).where(range)).map((row) => [row.seq, row as Appended]));
  for (const row of rows) {
    const read = stored.get(row.seq);
    if (!read) throw new Error(`The audit event ${row.seq} did not read back; nothing was recorded.`);
    const differs = STORED_TEXT.find((key) => read[key] !== row[key]);
    if (differs) throw new Error(`The audit event's ${differs} would not read back as it was hashed; nothing was recorded.`);
  }
}

/** Appends written together go in as one JSON parameter, by a statement prepared once per connection. */
const statements = preparedPerConnection((db) => ({ insertMany: db.insert(auditEvents).select(jsonRecords(auditEvents, sql.placeholder('rows'))).prepare() }));

/** Writes the events a transaction appended together, then reads them back: see `appendingTogether`. */
async function insertThenReadBack(tx: Tx, rows: Row[]) {
  for (let start = 0; start < rows.length; start += JSON_RECORDS_PER_STATEMENT) await statements().insertMany.run({ rows: JSON.stringify(rows.slice(start, start + JSON_RECORDS_PER_STATEMENT)) });
  await readBack(tx, rows);
}

/**
 * Within `fn`, the audit events `tx` appends are hashed and linked at once but written to the table together just
 * before the transaction commits, a few statements for any number (an OpenLineage batch appends about 150). For work
 * that reads back none of the events it appends; a savepoint that rolls back drops its own, as it would their rows.
 */
export async function appendingTogether<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  return await holdingAuditAppends(tx, fn);
}

/**
 * The head when the transaction does not know it (its first append, or one after an append that failed): the table's,
 * or its own last held append when that is later (held appends are not in the table yet).
 */
async function headOf(tx: Tx | Db) {
  const table = first(await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1));
  const held = queuedBeforeCommit(tx, insertThenReadBack).at(-1);
  return held && (!table || held.seq > table.seq) ? held : table;
}

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change it records (`tx`): appends
 * are serialised with every other write (one writer on SQLite, an advisory lock on PostgreSQL), so the previous
 * event read here is still the last when this one is inserted. Every text is made well-formed and bounded (see
 * audit-text.ts) before it is hashed, and read back before the transaction may commit (with the transaction's other
 * events, in one statement): an event that would not verify is refused (the whole change rolls back) rather than
 * breaking the chain for ever.
 */
export async function recordAudit(tx: Tx | Db, actor: AuditActor, entry: AuditEntry) {
  // The transaction's own last append (written or held), else the table's: one round trip less per event after the first.
  const last = transactionAuditHead(tx) ?? (await headOf(tx));
  const fields: HashedFields & { actorType: ActorType } = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    ...actorFields(actor),
    action: entry.action,
    entityType: auditText(entry.entityType),
    entityId: auditText(entry.entityId),
    before: auditJson(entry.before),
    after: auditJson(entry.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: Row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
  // Forgotten until this append is known to stand: a failure below may leave the table's head unknown.
  rememberAuditHead(tx, undefined);
  if (auditAppendsHeld(tx)) await checkBeforeCommit(tx, insertThenReadBack, row);
  else {
    await tx.insert(auditEvents).values(row);
    await checkBeforeCommit(tx, readBack, row);
  }
  rememberAuditHead(tx, { seq: row.seq, hash: row.hash });
  return row;
}
