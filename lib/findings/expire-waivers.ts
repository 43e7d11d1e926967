import 'server-only';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { getDb, returnedRow, withTransaction } from '@/db';
import { findings, findingWaivers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { emitEvent } from '@/lib/notify/emit-event';
import { addReviewTrigger } from '@/lib/reviews/add-review-trigger';
import { findingRef } from './raise-finding';

const EXPIRY = systemActor('waiver expiry');

/**
 * Ends every active waiver whose expiry has passed and re-opens its finding (accepted → open), audited, with the
 * owner told and the system's review made due. Each waiver is its own transaction, and the conditional updates make
 * a second sweep (or a concurrent one) re-open nothing twice.
 */
export async function expireWaivers(now: Date): Promise<{ reopened: number }> {
  const db = getDb();
  const at = now.toISOString();
  const due = await db
    .select({ id: findingWaivers.id, findingId: findingWaivers.findingId, expiresAt: findingWaivers.expiresAt })
    .from(findingWaivers)
    .where(and(isNull(findingWaivers.endedAt), lte(findingWaivers.expiresAt, at)));
  let reopened = 0;
  for (const waiver of due) {
    const didReopen = await withTransaction(async (tx) => {
      const ended = returnedRow(await tx
        .update(findingWaivers)
        .set({ endedAt: at, endedReason: 'expired' })
        .where(and(eq(findingWaivers.id, waiver.id), isNull(findingWaivers.endedAt)))
        .returning({ id: findingWaivers.id }));
      if (!ended) return false;
      const finding = returnedRow(await tx
        .update(findings)
        .set({ status: 'open', updatedAt: at })
        .where(and(eq(findings.id, waiver.findingId), eq(findings.status, 'accepted')))
        .returning());
      if (!finding) {
        await recordAudit(tx, EXPIRY, { action: 'finding.updated', entityType: 'finding', entityId: waiver.findingId, before: { waiverId: waiver.id, endedAt: null }, after: { waiverId: waiver.id, endedAt: at, endedReason: 'expired' } });
        return false;
      }
      await recordAudit(tx, EXPIRY, { action: 'finding.reopened', entityType: 'finding', entityId: finding.id, before: { status: 'accepted', waiverId: waiver.id, expiresAt: waiver.expiresAt }, after: { status: 'open', reason: 'waiver expired' } });
      const ref = findingRef(finding.number);
      await emitEvent(tx, { type: 'finding.reopened', title: `${ref} ${finding.title} re-opened: its accepted risk expired on ${waiver.expiresAt.slice(0, 10)}`, href: `/findings/${finding.id}`, entityType: 'finding', entityId: finding.id, recipients: [finding.ownerId], data: { number: finding.number, severity: finding.severity, waiverId: waiver.id, expiresAt: waiver.expiresAt } }, now);
      if (finding.systemId) {
        await addReviewTrigger(tx, EXPIRY, { systemId: finding.systemId, reason: 'waiver_expired', detail: `The accepted risk on ${ref} (${finding.title}) expired`, entityType: 'finding', entityId: finding.id }, now);
      }
      return true;
    });
    if (didReopen) reopened += 1;
  }
  return { reopened };
}
