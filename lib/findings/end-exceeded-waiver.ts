import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { returnedRow, type Tx } from '@/db';
import { findings, findingWaivers, type Severity } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { emitEvent } from '@/lib/notify/emit-event';
import type { FindingRow } from './finding-records';

/**
 * A waiver accepts the risk as it was when signed: a repeat worse than that ends it ('exceeded') and re-opens the
 * finding (accepted → open), audited, with the owner told. Returns the re-opened finding, or the one given.
 */
export async function endExceededWaiver(tx: Tx, actor: AuditActor, finding: FindingRow, waivedSeverity: Severity, ref: string, now: Date): Promise<FindingRow> {
  const at = now.toISOString();
  const waiver = returnedRow(await tx
    .update(findingWaivers)
    .set({ endedAt: at, endedReason: 'exceeded' })
    .where(and(eq(findingWaivers.findingId, finding.id), isNull(findingWaivers.endedAt)))
    .returning({ id: findingWaivers.id }));
  const reopened = returnedRow(await tx
    .update(findings)
    .set({ status: 'open', updatedAt: at })
    .where(and(eq(findings.id, finding.id), eq(findings.status, 'accepted')))
    .returning());
  if (!reopened) return finding;
  const reason = `a repeat rated ${finding.severity} exceeded the risk accepted at ${waivedSeverity}`;
  await recordAudit(tx, actor, { action: 'finding.reopened', entityType: 'finding', entityId: finding.id, before: { status: 'accepted', waiverId: waiver?.id ?? null }, after: { status: 'open', reason } });
  await emitEvent(tx, { type: 'finding.reopened', title: `${ref} ${finding.title} re-opened: ${reason}`, href: `/findings/${finding.id}`, entityType: 'finding', entityId: finding.id, recipients: [finding.ownerId], data: { number: finding.number, severity: finding.severity, waiverId: waiver?.id ?? null } }, now);
  return reopened;
}
