import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
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

/** Edits what is known of an incident; a new category moves the reporting deadline (the clock still runs from awareness). */
export async function updateIncident(actor: Actor, id: string, input: UpdateIncidentInput, now = new Date()) {
  assertCan(actor, 'incident.update');
  return await withTransaction(async (tx) => {
    const current = await incidentForUpdate(tx, actor, id);
    const category = input.category ?? current.category;
    const patch = { ...input, reportDeadline: reportDeadlineFor(current.serious, category, current.awareAt) };
    const { before, after, changed } = changedFields(current, patch);
    if (!changed) return current;
    const row = returnedRow(await tx
      .update(incidents)
      .set({ ...after, updatedAt: now.toISOString() })
      .where(and(eq(incidents.id, id), ne(incidents.status, 'closed')))
      .returning());
    if (!row) throw new Conflict('The incident was closed meanwhile.');
    await recordAudit(tx, actor, { action: 'incident.updated', entityType: 'incident', entityId: id, before, after });
    const moved = row.reportDeadline !== current.reportDeadline ? `, report now due ${row.reportDeadline!.slice(0, 10)}` : '';
    await tellIncident(tx, 'incident.updated', row, `updated${moved}`, now);
    return row;
  });
}
