import 'server-only';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { changedRows, first, getDb, withTransaction, type Db, type Tx } from '@/db';
import { aiSystems, auditEvents, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { reauthenticate, settleReauthentication, type Reauthenticated, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { formatDate } from '@/lib/format/date-time';
import { emitEvent } from '@/lib/notify/emit-event';
import type { ConfirmTierInput } from './schemas';
import { withAddresses } from '@/lib/users/emails';
import { ASSESSED_FIELDS, awaitedSince, needsTierConfirmation, whyNotConfirmer } from './tier-confirmation';

type Assessed = { id: string; tierAssessedAt: string | null; createdAt: string };

/** Whether an audited edit of a system changed what its tier is judged on: the tier, the questionnaire, or an assessed fact. */
const changesJudgement = (after: Record<string, unknown>) => 'riskTier' in after || 'riskRationale' in after || ASSESSED_FIELDS.some((field) => field in after);
const fields = (json: string | null): Record<string, unknown> => {
  const value: unknown = JSON.parse(json ?? 'null');
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

/**
 * Of these systems, those `userId` shaped: given away by them since their tier was last assessed, or whose judgement
 * (tier, answers, purpose, use, context, personal data) they edited since it was last confirmed, whoever edited after
 * them: their words may still be what would be confirmed. They are no second pair of eyes. One query for all (the
 * inbox asks about a page of them).
 */
export async function shapedSinceAssessed(db: Db | Tx, userId: string, systems: Assessed[]): Promise<Set<string>> {
  if (systems.length === 0) return new Set();
  const since = new Map(systems.map((s) => [s.id, s.tierAssessedAt ?? s.createdAt]));
  const events = await db.select({ systemId: auditEvents.entityId, action: auditEvents.action, actorId: auditEvents.actorId, at: auditEvents.at, before: auditEvents.before, after: auditEvents.after }).from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'ai_system'), inArray(auditEvents.entityId, [...since.keys()]), inArray(auditEvents.action, ['system.transferred', 'system.updated', 'system.classified', 'system.tier_confirmed'])));
  const lastConfirmed = new Map<string, string>();
  for (const e of events) if (e.action === 'system.tier_confirmed' && e.systemId && e.at > (lastConfirmed.get(e.systemId) ?? '')) lastConfirmed.set(e.systemId, e.at);
  const shaped = (e: (typeof events)[number]) => {
    if (e.systemId === null || e.action === 'system.tier_confirmed') return false;
    if (e.action === 'system.transferred') return e.at >= since.get(e.systemId)! && fields(e.before).ownerId === userId;
    return e.actorId === userId && e.at > (lastConfirmed.get(e.systemId) ?? '') && changesJudgement(fields(e.after));
  };
  return new Set(events.flatMap((e) => (shaped(e) ? [e.systemId!] : [])));
}

const OWNED_SINCE_ASSESSED = 'You owned this system since its tier was last assessed, or changed what it is judged on since it was last confirmed: a risk officer who did neither confirms it.';

/** Why this person may not confirm this system's tier (owner, classifier, or owner since the assessment), or null: the verb's rule, as pages ask it. */
export async function whyNotTierConfirmer(db: Db | Tx, actor: Pick<Actor, 'userId'>, system: Parameters<typeof whyNotConfirmer>[1] & Assessed): Promise<string | null> {
  return whyNotConfirmer(await withAddresses(db, actor), system) ?? ((await shapedSinceAssessed(db, actor.userId, [system])).has(system.id) ? OWNED_SINCE_ASSESSED : null);
}

/** A wrong password in the confirm dialog is filed under the system whose tier it was meant to confirm. */
const confirmReauth = (systemId: string): ReauthPurpose => ({
  activity: 'Confirming tiers',
  outcome: 'confirmed',
  failure: { action: 'system.tier_confirm_failed', entityType: 'ai_system', entityId: systemId, after: { reason: 'wrong password' } },
});

type System = typeof aiSystems.$inferSelect;

/**
 * What a confirmer signs, kept with the printed name and role in the audited confirmation (an electronic signature
 * says who, when and what it means, 21 CFR 11.50), as the dialog quotes it.
 */
export function tierConfirmationMeaning(system: Pick<System, 'name' | 'riskTier'>) {
  return `I confirm, as a risk officer who neither owns “${system.name}” nor classified it, that the ${system.riskTier} tier fits what it does as described`;
}

/** The same instant, however written: the page sends back the stored `...Z` text, an API caller may write it otherwise. */
const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/**
 * Why this confirmation cannot land on the system as read in `db`, or nothing: asked on a plain read before the
 * password is checked (a refusal costs no password hash and is not filed as a wrong password), and again in the
 * writing transaction.
 */
async function assertConfirmable(db: Db | Tx, actor: Actor, systemId: string, input: Pick<ConfirmTierInput, 'riskTier' | 'assessedAt'>): Promise<System> {
  const system = first(await db.select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  if (system.lifecycleStatus === 'retired') throw new Conflict(`"${system.name}" is retired: its tier is no longer confirmed.`);
  const notYours = await whyNotTierConfirmer(db, actor, system);
  if (notYours) throw new Forbidden(notYours);
  if (system.riskTier !== input.riskTier) throw new Conflict(`The tier is now ${system.riskTier}, not ${input.riskTier}: it changed since you opened the page. Reload it and confirm what is there now.`);
  if (!needsTierConfirmation(system.riskTier)) throw new Conflict(`The ${system.riskTier} tier is not confirmed: only a limited or minimal tier, whose production gate is lighter, waits for a confirmation.`);
  if (system.tierConfirmedAt) {
    const by = first(await db.select({ name: users.name }).from(users).where(eq(users.id, system.tierConfirmedById ?? '')).limit(1));
    throw new Conflict(`The ${system.riskTier} tier was already confirmed by ${by?.name ?? 'someone'} on ${formatDate(system.tierConfirmedAt)}.`);
  }
  if (input.assessedAt !== undefined && !sameInstant(input.assessedAt, awaitedSince(system))) throw new Conflict('What the tier was judged on changed since you opened the page (its purpose, intended use, deployment context, personal data or classification). Reload it and confirm what is there now.');
  return system;
}

/**
 * A risk officer who neither owns the system nor classified it confirms its risk tier, as they saw it, with their
 * password again: the second pair of eyes on the choice that decides which gate its versions pass. Refused for a tier
 * (or, with `assessedAt`, what it was judged on) changed since the page was read, one already confirmed, a retired
 * system, and an API token.
 */
export async function confirmSystemTier(actor: Actor, systemId: string, input: ConfirmTierInput, now = new Date()) {
  assertCan(actor, 'system.classify');
  if (actor.type !== 'user') throw new Forbidden('API tokens never confirm a tier; a risk officer confirms it in the browser.');
  await assertConfirmable(getDb(), actor, systemId, input);
  const proof = await reauthenticate(actor, input.password, confirmReauth(systemId));
  return await recordTierConfirmation(actor, systemId, input, now, proof);
}

/**
 * The confirming transaction proper, once the confirmer has re-authenticated (`proof`, settled inside it). Exported
 * for tests: their set-up, and races between transactions that the password hash's seconds would keep apart.
 */
export async function recordTierConfirmation(actor: Actor, systemId: string, input: Pick<ConfirmTierInput, 'riskTier' | 'assessedAt'>, now: Date, proof: Reauthenticated) {
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, confirmReauth(systemId), proof, { permission: 'system.classify' });
    const system = await assertConfirmable(tx, actor, systemId, input);
    const at = now.toISOString();
    const confirmed = await tx
      .update(aiSystems)
      .set({ tierConfirmedById: actor.userId, tierConfirmedAt: at, updatedAt: at })
      .where(and(eq(aiSystems.id, systemId), eq(aiSystems.riskTier, input.riskTier), isNull(aiSystems.tierConfirmedAt), ne(aiSystems.lifecycleStatus, 'retired'), ne(aiSystems.ownerId, actor.userId)));
    if (changedRows(confirmed) !== 1) throw new Conflict('The system changed meanwhile (its tier, owner or confirmation). Reload the page.');
    await recordAudit(tx, actor, {
      action: 'system.tier_confirmed',
      entityType: 'ai_system',
      entityId: systemId,
      before: { riskTier: system.riskTier, tierConfirmedById: null, tierConfirmedAt: null },
      after: { riskTier: system.riskTier, tierConfirmedById: actor.userId, tierConfirmedAt: at, printedName: actor.name, role: 'risk_officer', meaning: tierConfirmationMeaning(system) },
    });
    await emitEvent(tx, {
      type: 'system.tier_confirmed',
      title: `The ${system.riskTier} tier of ${system.name} was confirmed by ${actor.name}`,
      href: `/systems/${systemId}`,
      entityType: 'ai_system',
      entityId: systemId,
      recipients: [system.ownerId],
      data: { riskTier: system.riskTier, confirmedById: actor.userId },
    }, now);
    return { ...system, tierConfirmedById: actor.userId, tierConfirmedAt: at, updatedAt: at };
  });
}
