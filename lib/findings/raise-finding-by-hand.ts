import 'server-only';
import { withTransaction } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { FindingType } from '@/db/schema';
import { Forbidden, Invalid } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { assertAssignable } from './finding-records';
import { resolveFindingSubject } from './finding-subject';
import { raiseFindingInTx } from './raise-finding';
import type { RaiseFindingByHandInput } from './schemas';

/**
 * A person raises a finding on a system, model version or dataset version. Auditors change nothing but may raise
 * audit findings, which only they raise; the owner defaults to the subject's owner and the due date comes from the policy's deadline.
 */
export async function raiseFinding(actor: Actor, input: RaiseFindingByHandInput, now = new Date()) {
  assertCan(actor, 'finding.raise');
  const onlyAuditor = actor.roles.every((role) => role === 'auditor');
  if (onlyAuditor && input.type !== 'audit_finding') throw new Forbidden('An auditor raises audit findings only.');
  if (input.type === 'audit_finding' && !actor.roles.includes('auditor')) throw new Forbidden('Only an auditor raises an audit finding; choose another type.');
  // Whatever a caller's schema let through: only the approval that sets conditions raises their finding.
  if ((input.type as FindingType) === 'approval_condition') throw new Invalid('An approval condition is raised by the approval that sets it; choose another type.', [{ path: 'type', message: 'Not raised by hand.' }]);
  return await withTransaction(async (tx) => {
    const subject = await resolveFindingSubject(tx, input.subjectType, input.subjectId);
    await assertSystemLive(tx, subject.systemId, 'No finding can be raised');
    if (input.ownerId) await assertAssignable(tx, input.ownerId);
    const { finding } = await raiseFindingInTx(tx, actor, { ...input, ownerId: input.ownerId ?? null, source: 'manual', dedupeKey: null }, now);
    return finding;
  });
}
