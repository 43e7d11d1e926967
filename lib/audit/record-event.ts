import 'server-only';
import type Database from 'better-sqlite3';
import { getConnection, type Db, type Tx } from '@/db';
import type { ActorType } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';
import type { AuditAction } from './actions';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

export type AuditEntry = {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

function actorFields(actor: AuditActor) {
  if (actor.type === 'system') {
    return { actorType: 'system' as const, actorId: null, actorLabel: actor.label, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null };
  }
  return {
    actorType: actor.type,
    actorId: actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId,
    actorLabel: actor.type === 'token' ? `${actor.email} (API token)` : actor.email,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
  };
}

type AuditStatements = { last: Database.Statement<[], { seq: number; hash: string }>; insert: Database.Statement<[HashedFields & { prevHash: string; hash: string }]> };
const statements = new WeakMap<Database.Database, AuditStatements>();

/** Every mutation appends here, so its two statements are prepared once per connection rather than built per call. */
function auditStatements(): AuditStatements {
  const { sqlite } = getConnection();
  let prepared = statements.get(sqlite);
  if (!prepared) {
    prepared = {
      last: sqlite.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      insert: sqlite.prepare(
        `INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
         VALUES (@seq, @at, @actorType, @actorId, @actorLabel, @action, @entityType, @entityId, @before, @after, @ip, @userAgent, @prevHash, @hash)`,
      ),
    };
    statements.set(sqlite, prepared);
  }
  return prepared;
}

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change it records (`_tx`): the
 * statements run on the same single connection, within it.
 */
export function recordAudit(_tx: Tx | Db, actor: AuditActor, entry: AuditEntry) {
  const { last: lastStatement, insert } = auditStatements();
  const last = lastStatement.get();
  const fields: HashedFields & { actorType: ActorType } = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    ...actorFields(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : canonicalJson(entry.before),
    after: entry.after === undefined ? null : canonicalJson(entry.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
  insert.run(row);
  return row;
}
