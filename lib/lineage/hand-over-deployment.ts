import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { first, returnedRow, withTransaction } from '@/db';
import { deployments } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { personWhoMay } from '@/lib/users/people-who-may';
import type { ZHandOverDeploymentInput } from './schemas';

/**
 * A risk officer names who reports at an endpoint from now on. Its reporter (who last changed what it runs) is who may
 * change what it runs or its integrity flags (with the running version's other owners while the reporter owns it
 * too); a first report by the wrong person, a departed colleague or a pipeline's stale token would otherwise keep the
 * endpoint's real owner out. Nothing about what runs there changes: the new reporter's next report does that, with
 * its integrity check.
 */
export async function handOverDeployment(actor: Actor, deploymentId: string, input: z.output<typeof ZHandOverDeploymentInput>) {
  assertCan(actor, 'deployment.hand_over');
  // A risk officer who also reports deployments would otherwise take an endpoint, and clear its alarm, on their own word.
  if (input.reporterId === actor.userId) throw new Forbidden('You cannot hand an endpoint to yourself: another risk officer must. Nothing was recorded.');
  return await withTransaction(async (tx) => {
    const existing = first(await tx.select().from(deployments).where(eq(deployments.id, deploymentId)).limit(1));
    if (!existing) throw new NotFound('Deployment');
    const reporter = await personWhoMay(input.reporterId, 'deployment.report', tx);
    if (!reporter) throw new Invalid('Only an active person who may report deployments (a data scientist) can be named.', [{ path: 'reporterId', message: 'Choose an active data scientist.' }]);
    if (existing.reporterId === reporter.id) throw new Conflict(`${reporter.name} already reports at ${existing.endpoint}. Nothing was recorded.`);
    const stillTheSame = existing.reporterId === null ? isNull(deployments.reporterId) : eq(deployments.reporterId, existing.reporterId);
    const updated = await tx.update(deployments).set({ reporterId: reporter.id }).where(and(eq(deployments.id, existing.id), stillTheSame)).returning();
    if (updated.length === 0) throw new Conflict(`Someone handed over ${existing.endpoint} at the same moment. Reload to see who reports there now.`);
    await recordAudit(tx, actor, {
      action: 'deployment.handed_over',
      entityType: 'deployment',
      entityId: existing.id,
      before: { reporterId: existing.reporterId },
      after: { reporterId: reporter.id, environment: existing.environment, endpoint: existing.endpoint, reason: input.reason },
    });
    return returnedRow(updated);
  });
}
