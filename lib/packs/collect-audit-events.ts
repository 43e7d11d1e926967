import 'server-only';
import { and, asc, gte, inArray, lte, or } from 'drizzle-orm';
import { getDb } from '@/db';
import { jsonArrayValues } from '@/db/portable-sql';
import { auditEvents } from '@/db/schema';
import { aboutRecord } from '@/lib/audit/about-record';

/**
 * Audit events of the period, in chain order. For a system or a version: its history as the audit trail shows it
 * (`aboutRecord`), and the events of every other record the pack prints (upstream lineage beyond the runs that
 * produced its versions, the pack itself), matched by entity id in the database: a system's pack over years of a busy
 * inventory read every event of the period into memory to keep a few. For the whole inventory, every event.
 */
export async function collectAuditEvents(bounds: { from: string; to: string }, scope: { about: string; entityIds: Set<string> } | null) {
  const inScope = scope ? or(aboutRecord(scope.about), inArray(auditEvents.entityId, jsonArrayValues(JSON.stringify([...scope.entityIds])))) : undefined;
  return await getDb().select().from(auditEvents).where(and(gte(auditEvents.at, bounds.from), lte(auditEvents.at, bounds.to), inScope)).orderBy(asc(auditEvents.seq));
}
