import 'server-only';
import { and, eq } from 'drizzle-orm';
import { returnedRow, withTransaction } from '@/db';
import { incidents } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Invalid } from '@/lib/errors';
import { formatDateTime } from '@/lib/format/date-time';
import { incidentForUpdate } from './incident-for-update';
import { assertNotFuture } from './incident-time';
import type { MarkIncidentReportedInput } from './schemas';
import { tellIncident } from './tell-incident';

/** Records that the report reached the market surveillance authority (Art. 73(1)), with its reference; stops the clock. */
export async function markIncidentReported(actor: Actor, id: string, input: MarkIncidentReportedInput, now = new Date()) {
  assertCan(actor, 'incident.update');
  assertNotFuture('reportedAt', input.reportedAt, now);
  return await withTransaction(async (tx) => {
    const current = await incidentForUpdate(tx, actor, id);
    if (input.reportedAt < current.awareAt) {
      throw new Invalid('The report cannot predate awareness of the incident.', [{ path: 'reportedAt', message: `Cannot be before ${formatDateTime(current.awareAt)}, when the incident became known.` }]);
    }
    const row = returnedRow(await tx
      .update(incidents)
      .set({ status: 'reported', reportedAt: input.reportedAt, authorityReference: input.authorityReference, updatedAt: now.toISOString() })
      .where(and(eq(incidents.id, id), eq(incidents.status, 'open')))
      .returning());
    if (!row) throw new Conflict('The incident is already marked as reported.');
    await recordAudit(tx, actor, {
      action: 'incident.updated',
      entityType: 'incident',
      entityId: id,
      before: { status: current.status, reportedAt: null, authorityReference: null },
      after: { status: row.status, reportedAt: row.reportedAt, authorityReference: row.authorityReference },
    });
    await tellIncident(tx, 'incident.updated', row, `reported to the authority (${row.authorityReference})`, now);
    return row;
  });
}
