import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { returnedRow, withTransaction } from '@/db';
import { incidents } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { reportDeadlineFor } from './deadline';
import { incidentForUpdate } from './incident-for-update';
import type { UpdateIncidentInput } from './schemas';
import { tellIncident } from './tell-incident';

/**
 * Edits what is known of an incident; a new category moves the reporting deadline (the clock still runs from
 * awareness), until the incident is reported: then the deadline its report was judged against stays as it was.
 */
export async function updateIncident(actor: Actor, id: string, input: UpdateIncidentInput, now = new Date()) {
  assertCan(actor, 'incident.update');
  return await withTransaction(async (tx) => {
    const current = await incidentForUpdate(tx, actor, id);
    const recategorised = input.category !== undefined && input.category !== current.category;
    if (recategorised && current.reportedAt) throw new Conflict(`The incident was reported on ${current.reportedAt.slice(0, 10)}: its category, which set the deadline the report is judged against, no longer changes.`);
    const category = input.category ?? current.category;
    const patch = { ...input, reportDeadline: reportDeadlineFor(current.serious, category, current.awareAt) };
    const { before, after, changed } = changedFields(current, patch);
    if (!changed) return current;
    const row = returnedRow(await tx
      .update(incidents)
      .set({ ...after, updatedAt: now.toISOString() })
      .where(and(eq(incidents.id, id), ne(incidents.status, 'closed'), recategorised ? isNull(incidents.reportedAt) : undefined))
      .returning());
    if (!row) throw new Conflict('The incident was closed or reported meanwhile. Reload the page.');
    await recordAudit(tx, actor, { action: 'incident.updated', entityType: 'incident', entityId: id, before, after });
    const moved = row.reportDeadline !== current.reportDeadline ? `, report now due ${row.reportDeadline!.slice(0, 10)}` : '';
    await tellIncident(tx, 'incident.updated', row, `updated${moved}`, now);
    return row;
  });
}
