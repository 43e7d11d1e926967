import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, only, returnedRow, withTransaction } from '@/db';
import { ACTIVE_FINDING_STATUSES, findings, findingWaivers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { raisingIncident, seriousIncidentRemediated } from '@/lib/incidents/queries';
import { humanize } from '@/lib/words';
import { isoDateAfter } from './deadlines';
import { findingHistory } from './finding-history';
import { loadFinding, type FindingRow } from './finding-records';
import { findingRef } from './raise-finding';
import { MAX_WAIVER_DAYS, type WaiveFindingInput } from './schemas';
import { FINDING_SIGNING } from './signing';
import { needsTwoSigners, openWaiverProposal, proposalOpen, proposeWaiver } from './waiver-proposals';

/** The statement a risk officer signs when accepting a finding's risk. */
export function waiverMeaning(finding: Pick<FindingRow, 'number' | 'title'>, expiresOn: string) {
  return `I accept the risk of ${findingRef(finding.number)} “${finding.title}” until ${expiresOn}, with the compensating controls given, as Risk officer`;
}

/** An expiry is a day after today and at most MAX_WAIVER_DAYS ahead; a risk is never accepted for good. */
function assertExpiry(expiresOn: string, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const latest = isoDateAfter(now, MAX_WAIVER_DAYS);
  if (expiresOn <= today) throw new Invalid('The expiry must be in the future.', [{ path: 'expiresOn', message: `Choose a day after ${today}.` }]);
  if (expiresOn > latest) throw new Invalid(`A risk is accepted for at most ${MAX_WAIVER_DAYS} days.`, [{ path: 'expiresOn', message: `Choose a day on or before ${latest}.` }]);
}

/**
 * Accepts a finding's risk: a signed policy exception (the password again) with a justification, compensating
 * controls and an expiry, by a risk officer who has never owned the finding, and never for a serious incident's finding
 * (Art. 73(6): it is remediated). The waiver's terms are immutable; at expiry the sweep (expire-waivers.ts) re-opens
 * the finding. Conditional update on the status the signer saw. For a finding that was ever critical this signature
 * only proposes the terms (`proposal`, and no waiver yet): a second risk officer approves them (waiver-proposals.ts).
 */
export async function waiveFinding(actor: Actor, id: string, input: WaiveFindingInput, now = new Date()) {
  assertCan(actor, 'finding.waive');
  if (actor.type !== 'user') throw new Forbidden('API tokens never sign; accept the risk in the browser.');
  const seen = await loadFinding(getDb(), id);
  const history = await findingHistory(getDb(), seen);
  if (history.pastOwnerIds.has(actor.userId)) throw new Forbidden('You own or have owned this finding; a risk officer who never owned it must accept its risk.');
  if (!(ACTIVE_FINDING_STATUSES as readonly string[]).includes(seen.status)) throw new Conflict(`${findingRef(seen.number)} is ${humanize(seen.status).toLowerCase()}; only an active finding’s risk can be accepted.`);
  const incident = await raisingIncident(getDb(), seen);
  if (incident) throw new Conflict(seriousIncidentRemediated(incident.ref));
  assertExpiry(input.expiresOn, now);
  const twoSigners = needsTwoSigners(history.highestSeverity);
  if (twoSigners) {
    const open = await openWaiverProposal(getDb(), id);
    if (open) throw new Conflict(proposalOpen(open.printedName));
  }
  const proof = await reauthenticate(actor, input.password, FINDING_SIGNING.waive(id));
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, FINDING_SIGNING.waive(id), proof, { permission: 'finding.waive' });
    const at = now.toISOString();
    if (twoSigners) return { finding: seen, waiver: null, proposal: await proposeWaiver(tx, actor, seen, input, history.pastOwnerIds, at, now) };
    const accepted = returnedRow(await tx
      .update(findings)
      .set({ status: 'accepted', updatedAt: at })
      .where(and(eq(findings.id, id), eq(findings.status, seen.status), eq(findings.updatedAt, seen.updatedAt), inArray(findings.status, ACTIVE_FINDING_STATUSES)))
      .returning());
    if (!accepted) throw new Conflict(`${findingRef(seen.number)} changed meanwhile. Reload the page.`);
    const waiver = only(await tx
      .insert(findingWaivers)
      .values({
        findingId: id,
        justification: input.justification,
        compensatingControls: input.compensatingControls,
        expiresAt: `${input.expiresOn}T00:00:00.000Z`,
        signerId: actor.userId,
        printedName: actor.name,
        role: 'risk_officer',
        meaning: waiverMeaning(seen, input.expiresOn),
        signedAt: at,
      })
      .returning());
    await recordAudit(tx, actor, { action: 'finding.waived', entityType: 'finding', entityId: id, before: { status: seen.status }, after: { status: 'accepted', waiver } });
    // "Ready for validation" and the other moves' news ask nothing more of anyone once the finding is decided.
    await settleNews(tx, 'finding.status_changed', id, 'everyone', now);
    await emitEvent(tx, { type: 'finding.waived', title: `${findingRef(accepted.number)} ${accepted.title}: risk accepted until ${input.expiresOn} by ${actor.name}`, href: `/findings/${id}`, entityType: 'finding', entityId: id, recipients: [accepted.ownerId], data: { number: accepted.number, severity: accepted.severity, waiverId: waiver.id, expiresAt: waiver.expiresAt } }, now);
    return { finding: accepted, waiver, proposal: null };
  });
}
