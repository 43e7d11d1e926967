import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { userRoles, users, type incidents } from '@/db/schema';
import { emitEvent } from '@/lib/notify/emit-event';
import { incidentRef } from './queries';

type IncidentRow = typeof incidents.$inferSelect;

/** Tells the incident's owner and every active risk officer (inbox and webhooks), in the change's transaction. */
export async function tellIncident(tx: Tx, type: 'incident.recorded' | 'incident.updated', incident: IncidentRow, what: string, now: Date) {
  const riskOfficers = (await tx
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'risk_officer'), eq(users.disabled, false))))
    .map((u) => u.id);
  await emitEvent(
    tx,
    {
      type,
      title: `${incidentRef(incident.number)} ${incident.title}: ${what}`,
      href: `/incidents/${incident.id}`,
      entityType: 'incident',
      entityId: incident.id,
      recipients: [incident.ownerId, ...riskOfficers],
      data: { number: incident.number, severity: incident.severity, serious: incident.serious, category: incident.category, status: incident.status, reportDeadline: incident.reportDeadline },
    },
    now,
  );
}
