import 'server-only';
import { and, asc, gte, inArray, lte } from 'drizzle-orm';
import { getDb } from '@/db';
import { jsonArrayValues } from '@/db/portable-sql';
import { auditEvents } from '@/db/schema';

/**
 * Audit events of the period, in chain order. For a system or a version, only events about the records in scope
 * (matched by entity id, in the database: a system's pack over years of a busy inventory read every event of the
 * period into memory to keep a few); for the whole inventory, every event of the period.
 */
export async function collectAuditEvents(bounds: { from: string; to: string }, entityIds: Set<string> | null) {
  const inScope = entityIds ? inArray(auditEvents.entityId, jsonArrayValues(JSON.stringify([...entityIds]))) : undefined;
  return await getDb().select().from(auditEvents).where(and(gte(auditEvents.at, bounds.from), lte(auditEvents.at, bounds.to), inScope)).orderBy(asc(auditEvents.seq));
}
