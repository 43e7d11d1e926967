import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { first, only, withTransaction } from '@/db';
import { aiSystems, incidents, incidentSystems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid, NotFound } from '@/lib/errors';
import { formatDateTime } from '@/lib/format/date-time';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { addReviewTrigger } from '@/lib/reviews/add-review-trigger';
import { personWhoMay } from '@/lib/users/people-who-may';
import { REPORTING_CLOCKS, reportDeadlineFor } from './deadline';
import { assertNotFuture } from './incident-time';
import { incidentFindingKey, incidentRef } from './queries';
import type { RecordIncidentInput } from './schemas';
import { tellIncident } from './tell-incident';

/**
 * Records an incident. A serious one (Art. 3(49)) starts the Art. 73 clock from awareness, raises an `incident`
 * finding on each affected system, so remediation has an owner and a due date like any other finding, and makes each
 * system's review due now (a critical one through its critical finding, whose title names the incident).
 */
export async function recordIncident(actor: Actor, input: RecordIncidentInput, now = new Date()) {
  assertCan(actor, 'incident.record');
  assertNotFuture('awareAt', input.awareAt, now);
  const systemIds = [...new Set(input.systemIds)];
  const ownerId = input.ownerId ?? actor.userId;
  // The owner works the incident: an active person whose roles may update one (an auditor could never move it).
  const owner = await personWhoMay(ownerId, 'incident.update');
  if (!owner) throw new Invalid('The owner must be an active person who can work incidents.', [{ path: 'ownerId', message: 'Choose an active person who can work incidents (not an auditor).' }]);
  return await withTransaction(async (tx) => {
    const known = await tx.select({ id: aiSystems.id }).from(aiSystems).where(inArray(aiSystems.id, systemIds));
    if (known.length !== systemIds.length) throw new NotFound('AI system');
    for (const systemId of systemIds) await assertSystemLive(tx, systemId, 'An incident cannot be recorded');
    const at = now.toISOString();
    const number = (first(await tx.select({ max: sql<number | null>`max(${incidents.number})` }).from(incidents).limit(1))?.max ?? 0) + 1;
    const incident = only(await tx
      .insert(incidents)
      .values({
        number,
        title: input.title,
        description: input.description,
        affectedPeople: input.affectedPeople,
        severity: input.severity,
        serious: input.serious,
        category: input.category,
        awareAt: input.awareAt,
        reportDeadline: reportDeadlineFor(input.serious, input.category, input.awareAt),
        ownerId,
        createdById: actor.userId,
        createdAt: at,
        updatedAt: at,
      })
      .returning());
    await tx.insert(incidentSystems).values(systemIds.map((systemId) => ({ incidentId: incident.id, systemId })));
    await recordAudit(tx, actor, { action: 'incident.recorded', entityType: 'incident', entityId: incident.id, after: { ...incident, systemIds } });
    if (incident.serious) {
      const clock = REPORTING_CLOCKS[incident.category];
      for (const systemId of systemIds) {
        await raiseFindingInTx(
          tx,
          actor,
          {
            type: 'incident',
            severity: incident.severity,
            title: `Serious incident ${incidentRef(number)}: ${incident.title}`.slice(0, 200),
            description: `${incident.description}\n\nReport to the market surveillance authority by ${formatDateTime(incident.reportDeadline)} (${clock.paragraph}).`,
            subjectType: 'system',
            subjectId: systemId,
            source: 'manual',
            dedupeKey: incidentFindingKey(incident.id, systemId),
          },
          now,
        );
        if (incident.severity !== 'critical') {
          await addReviewTrigger(tx, actor, { systemId, reason: 'serious_incident', detail: `Serious incident ${incidentRef(number)}: ${incident.title}`, entityType: 'incident', entityId: incident.id }, now);
        }
      }
    }
    await tellIncident(tx, 'incident.recorded', incident, incident.serious ? `serious incident, report due ${incident.reportDeadline!.slice(0, 10)}` : 'recorded', now);
    return incident;
  });
}
