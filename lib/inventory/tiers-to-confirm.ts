import 'server-only';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { getDb, independentReads } from '@/db';
import { aiSystems, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { personName } from '@/lib/format/person';
import { withAddresses } from '@/lib/users/emails';
import { peopleByEmail } from '@/lib/users/people';
import { shapedSinceAssessed } from './confirm-tier';
import { awaitedSince, TIERS_CONFIRMED_BEFORE_PRODUCTION, whyNotConfirmer } from './tier-confirmation';

/** A system in service whose limited or minimal tier no risk officer has confirmed: its production gate waits. */
export const tierAwaitsConfirmation = and(inArray(aiSystems.riskTier, [...TIERS_CONFIRMED_BEFORE_PRODUCTION]), isNull(aiSystems.tierConfirmedAt), ne(aiSystems.lifecycleStatus, 'retired'))!;

const awaiting = (where: ReturnType<typeof and>, limit: number, offset = 0) =>
  getDb()
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, ownerId: aiSystems.ownerId, ownerName: users.name, riskRationale: aiSystems.riskRationale, tierAssessedAt: aiSystems.tierAssessedAt, createdAt: aiSystems.createdAt })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(and(tierAwaitsConfirmation, where))
    .orderBy(asc(aiSystems.createdAt), asc(aiSystems.id))
    .limit(limit)
    .offset(offset);

type Awaiting = Awaited<ReturnType<typeof awaiting>>[number];

/**
 * Up to `limit + 1` tiers this risk officer may confirm, oldest first: neither owned nor classified by them, nor owned
 * by them since the last assessment (the verb refuses those). Read page by page, so those they may not confirm never
 * hide the ones they may.
 */
async function confirmableBy(actor: Pick<Actor, 'userId'>, limit: number) {
  const confirmer = await withAddresses(getDb(), actor);
  const page = limit * 2 + 1;
  const found: Awaiting[] = [];
  for (let offset = 0; found.length <= limit; offset += page) {
    const rows = await awaiting(ne(aiSystems.ownerId, actor.userId), page, offset);
    const candidates = rows.filter((s) => !whyNotConfirmer(confirmer, s));
    const formerlyTheirs = await shapedSinceAssessed(getDb(), actor.userId, candidates);
    found.push(...candidates.filter((s) => !formerlyTheirs.has(s.id)));
    if (rows.length < page) break;
  }
  return found.slice(0, limit + 1);
}

/**
 * The tiers awaiting confirmation that concern this person, oldest first: `toConfirm`, those a risk officer may
 * confirm (neither owned nor classified by them; `more` when there are others beyond the limit), and `own`, their own
 * systems' tiers that wait for someone else.
 */
export async function tiersToConfirm(actor: Actor, limit: number) {
  assertCan(actor, 'inventory.read');
  const [mayConfirm, own] = await independentReads(
    async () => (actor.type === 'user' && can(actor, 'system.classify') ? await confirmableBy(actor, limit) : []),
    async () => await awaiting(eq(aiSystems.ownerId, actor.userId), limit),
  );
  // Each waits since it was last classified or what it was judged on changed, and names who classified it.
  const classification = (s: (typeof own)[number]) => s.riskRationale as { classifiedBy?: string; classifiedAt?: string } | null;
  const people = await peopleByEmail(getDb(), [...mayConfirm, ...own].map((s) => classification(s)?.classifiedBy));
  const described = (s: (typeof own)[number]) => {
    const by = classification(s)?.classifiedBy;
    return { ...s, waitingSince: awaitedSince(s), classifiedBy: by ? personName(people.get(by) ?? { email: by }) : s.ownerName };
  };
  return { toConfirm: mayConfirm.slice(0, limit).map(described), more: mayConfirm.length > limit, own: own.map(described) };
}
