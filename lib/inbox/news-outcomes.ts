import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { aiSystems, findings, policyProposals, promotionRequests, roleGrants, waiverProposals } from '@/db/schema';

type News = { id: string; type: string; entityId: string | null; createdAt: string };

/** News that asked someone to decide or act, the record whose state says whether that is still wanted, and its states that end the asking. */
const ASKS: Record<string, { table: typeof promotionRequests | typeof policyProposals | typeof roleGrants | typeof findings | typeof waiverProposals; done: string[] }> = {
  'promotion.requested': { table: promotionRequests, done: ['approved', 'rejected', 'withdrawn', 'superseded'] },
  'policy.change_proposed': { table: policyProposals, done: ['approved', 'rejected', 'withdrawn'] },
  'user.role_requested': { table: roleGrants, done: ['confirmed', 'rejected', 'withdrawn'] },
  'finding.status_changed': { table: findings, done: ['closed', 'invalid', 'accepted'] },
  'finding.waiver_proposed': { table: waiverProposals, done: ['approved', 'declined', 'withdrawn', 'void'] },
};
/** The states whose name alone would not read as an outcome. */
const OUTCOME_WORDS: Record<string, string> = { superseded: 'closed as superseded', invalid: 'closed as invalid', accepted: 'risk accepted', void: 'void: the finding was closed or changed' };

/**
 * What became of the records a page of news asked about ("Since approved"), so an old "awaits your signature" does not
 * read as current. One query per kind of record on the page; news of records still waiting has no entry.
 */
export async function newsOutcomes(db: Db, items: News[]): Promise<Map<string, string>> {
  const outcomes = new Map<string, string>();
  for (const [type, { table, done }] of Object.entries(ASKS)) {
    const asking = items.filter((n) => n.type === type && n.entityId);
    if (!asking.length) continue;
    const rows = await db.select({ id: table.id, status: table.status }).from(table).where(inArray(table.id, [...new Set(asking.map((n) => n.entityId!))]));
    const statusOf = new Map(rows.map((r) => [r.id, r.status as string]));
    for (const n of asking) {
      const status = statusOf.get(n.entityId!);
      if (status && done.includes(status)) outcomes.set(n.id, OUTCOME_WORDS[status] ?? status);
    }
  }
  // A tier confirmation is news while it stands: it is dated as the confirmation itself, so any other stored one replaced it.
  const confirmations = items.filter((n) => n.type === 'system.tier_confirmed' && n.entityId);
  if (confirmations.length) {
    const rows = await db.select({ id: aiSystems.id, confirmedAt: aiSystems.tierConfirmedAt }).from(aiSystems).where(inArray(aiSystems.id, [...new Set(confirmations.map((n) => n.entityId!))]));
    const confirmedAt = new Map(rows.map((r) => [r.id, r.confirmedAt]));
    for (const n of confirmations) {
      const now = confirmedAt.get(n.entityId!);
      if (now === undefined || now === n.createdAt) continue;
      outcomes.set(n.id, now === null ? 'withdrawn: the tier awaits a new confirmation' : 'confirmed again');
    }
  }
  return outcomes;
}
