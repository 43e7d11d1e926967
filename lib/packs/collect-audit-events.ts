import 'server-only';
import { and, asc, gte, lte } from 'drizzle-orm';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';

/**
 * Audit events of the period, in chain order. For a system or a version, only events about the records in scope
 * (matched by entity id); for the whole inventory, every event of the period.
 */
export async function collectAuditEvents(bounds: { from: string; to: string }, entityIds: Set<string> | null) {
  const rows = await getDb().select().from(auditEvents).where(and(gte(auditEvents.at, bounds.from), lte(auditEvents.at, bounds.to))).orderBy(asc(auditEvents.seq));
  return entityIds ? rows.filter((row) => row.entityId !== null && entityIds.has(row.entityId)) : rows;
}
