import 'server-only';
import { and, asc, gt, lte, max } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { auditEventFilter } from '@/lib/audit/queries';
import type { ListAuditQuery } from '@/lib/audit/schemas';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { streamCsv, type CsvColumn } from './csv';
import { csvAttachment } from './csv-response';
import { EXPORT_BATCH, pageThrough } from './paging';

type AuditEvent = typeof auditEvents.$inferSelect;

export const AUDIT_EVENT_COLUMNS: CsvColumn<AuditEvent>[] = [
  { header: 'Sequence', value: (e) => e.seq },
  { header: 'Time (UTC)', value: (e) => e.at },
  { header: 'Actor type', value: (e) => e.actorType },
  { header: 'Actor ID', value: (e) => e.actorId },
  { header: 'Actor', value: (e) => e.actorLabel },
  { header: 'Action', value: (e) => e.action },
  { header: 'Entity type', value: (e) => e.entityType },
  { header: 'Entity ID', value: (e) => e.entityId },
  { header: 'IP address', value: (e) => e.ip },
  { header: 'User agent', value: (e) => e.userAgent },
  { header: 'Before (JSON)', value: (e) => e.before },
  { header: 'After (JSON)', value: (e) => e.after },
  { header: 'Previous hash', value: (e) => e.prevHash },
  { header: 'Hash', value: (e) => e.hash },
];

/**
 * The events matching the audit page's filters, in chain order, streamed in batches. The export stops at the head
 * it saw when it began, so events written meanwhile never make it a mixture of two moments.
 */
export async function exportAuditEvents(actor: Actor, filters: Omit<ListAuditQuery, 'page' | 'pageSize'>): Promise<Response> {
  assertCan(actor, 'audit.read');
  const db = getDb();
  const where = auditEventFilter(filters);
  const head = first(await db.select({ seq: max(auditEvents.seq) }).from(auditEvents).limit(1))?.seq ?? 0;
  const batches = pageThrough<AuditEvent>(async (last) =>
    await db
      .select()
      .from(auditEvents)
      .where(and(where, last ? gt(auditEvents.seq, last.seq) : undefined, lte(auditEvents.seq, head)))
      .orderBy(asc(auditEvents.seq))
      .limit(EXPORT_BATCH),
  );
  return csvAttachment('audit-events', streamCsv(AUDIT_EVENT_COLUMNS, batches));
}
