import 'server-only';
import type Database from 'better-sqlite3';
import { currentSqlite, type Db, type Tx } from '@/db';
import type { ActorType } from '@/db/schema';
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

/** The stored columns that came from outside, in the order the read-back statement selects them. */
const STORED_TEXT = ['actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'before', 'after', 'ip', 'userAgent'] as const;

type AuditStatements = {
  last: Database.Statement<[], { seq: number; hash: string }>;
  insert: Database.Statement<[HashedFields & { prevHash: string; hash: string }]>;
  readBack: Database.Statement<[number], (string | null)[]>;
};
const statements = new WeakMap<Database.Database, AuditStatements>();

/** Every mutation appends here, so its statements are prepared once per connection rather than built per call. */
function auditStatements(): AuditStatements {
  const sqlite = currentSqlite();
  let prepared = statements.get(sqlite);
  if (!prepared) {
    prepared = {
      last: sqlite.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      insert: sqlite.prepare(
        `INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
         VALUES (@seq, @at, @actorType, @actorId, @actorLabel, @action, @entityType, @entityId, @before, @after, @ip, @userAgent, @prevHash, @hash)`,
      ),
      readBack: sqlite.prepare<[number], (string | null)[]>('SELECT actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent FROM audit_events WHERE seq = ?').raw(),
    };
    statements.set(sqlite, prepared);
  }
  return prepared;
}

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change it records (`_tx`): the
 * statements run on the same single connection, within it. Every text is made well-formed and bounded (see
 * audit-text.ts) before it is hashed, and read back before the transaction may commit: an event that would not
 * verify is refused (the whole change rolls back) rather than breaking the chain for ever.
 */
export function recordAudit(_tx: Tx | Db, actor: AuditActor, entry: AuditEntry) {
  const { last: lastStatement, insert, readBack } = auditStatements();
  const last = lastStatement.get();
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
  const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
  insert.run(row);
  const stored = readBack.get(row.seq)!;
  const differs = STORED_TEXT.find((key, i) => stored[i] !== row[key]);
  if (differs) throw new Error(`The audit event's ${differs} would not read back as it was hashed; nothing was recorded.`);
  return row;
}
