import 'server-only';
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems, auditEvents, users } from '@/db/schema';
import { isTruncatedValue, truncatedValueIs, type TruncatedValue } from '@/lib/audit/audit-text';
import { RISK_QUESTIONS, answeredYes, type RiskAnswers } from './risk-questionnaire';
import { ASSESSED_FIELDS } from './tier-confirmation';

type SystemRow = typeof aiSystems.$inferSelect;

/** What a tier is judged on, in the order a confirmer reads it. */
const JUDGED_ON = [
  ['riskTier', 'Risk tier'],
  ['riskRationale', 'Questionnaire'],
  ['generalPurposeModel', 'General-purpose AI model'],
  ['purpose', 'Purpose'],
  ['intendedUse', 'Intended use'],
  ['deploymentContext', 'Deployment context'],
  ['personalData', 'Personal data'],
] as const satisfies readonly (readonly [keyof SystemRow, string])[];

/** Every field whose change clears a confirmation (update-system.ts) is listed above: checked when it compiles. */
const _everyAssessedFieldJudged: readonly (typeof JUDGED_ON)[number][0][] = ASSESSED_FIELDS;

/** One field of what the tier is judged on: its value when the tier was last confirmed, and now. */
export type TierChange = { label: string; then: string; now: string };

/** The last confirmation of the system's tier (whoever, of whichever tier), and what changed in what it judged since. */
export type TierChangesSince = {
  confirmedBy: string | null;
  confirmedAt: string;
  tier: string;
  changes: TierChange[];
  /** Who the system went to when a transfer withdrew the confirmation (its confirmer took it over), else null. */
  withdrawnByTransferTo: string | null;
  /** A change since was too large for the trail to keep field by field: the system's history has it. */
  unreadable: boolean;
} | null;

const yesOrNo = (value: unknown) => (value ? 'Yes' : 'No');

/** The questionnaire as a confirmer compares it: the articles answered yes, and a reason for a tier set otherwise. */
function questionnaireText(rationale: unknown) {
  const stored = (rationale ?? {}) as { answers?: RiskAnswers; overrideReason?: string; note?: string; questionnaire?: string | null };
  if (!stored.questionnaire) return stored.note ? `Tier set without the questionnaire: ${stored.note}` : 'Tier set without the questionnaire';
  const yes = new Set(answeredYes(stored.answers));
  const articles = RISK_QUESTIONS.filter((q) => yes.has(q.id)).map((q) => q.reference);
  const answered = articles.length > 0 ? `Yes to ${articles.join(', ')}` : 'No question answered yes';
  return stored.overrideReason ? `${answered}; reason for the tier: ${stored.overrideReason}` : answered;
}

function asText(field: (typeof JUDGED_ON)[number][0], value: unknown): string {
  if (field === 'riskRationale') return questionnaireText(value);
  if (field === 'generalPurposeModel' || field === 'personalData') return yesOrNo(value);
  return typeof value === 'string' && value.trim() ? value : '—';
}

/** What the tier is judged on now, as the confirm dialog shows it beside any change. */
export function judgedOn(system: SystemRow): { label: string; value: string }[] {
  return JUDGED_ON.map(([field, label]) => ({ label, value: asText(field, system[field]) }));
}

/** A value the trail keeps only as a digest (too large): its opening words, said to be cut. */
function cutText(field: (typeof JUDGED_ON)[number][0], stub: TruncatedValue) {
  const opening = stub.preview.startsWith('"') ? stub.preview.slice(1).replace(/\\(["\\/])/g, '$1').replace(/\\[nrt]/g, ' ') : null;
  return field === 'riskRationale' || opening === null ? `Too long to show here (${stub.bytes} bytes; the trail keeps its digest)` : `${opening}… (cut: ${stub.bytes} bytes in all)`;
}

type Since = { action: string; before: string | null; after: string | null };

/** Each judged-on field's value when the tier was confirmed: the `before` of the first change to it since. */
function valuesThen(events: Since[]) {
  const then = new Map<string, unknown>();
  let unreadable = false;
  for (const event of events.filter((e) => e.action !== 'system.transferred')) {
    const before = JSON.parse(event.before ?? '{}') as unknown;
    // A change too large even member by member is kept whole as one digest: which fields it touched is not known.
    if (isTruncatedValue(before)) unreadable = true;
    else for (const [field, value] of Object.entries(before as Record<string, unknown>)) if (!then.has(field)) then.set(field, value);
  }
  return { then, unreadable };
}

/**
 * Since the tier was last confirmed, what changed in what it is judged on: each field's value then (the `before` of
 * the first audited change after the confirmation) beside its value now, leaving out a field changed and changed
 * back (a value the trail keeps as a digest is compared by its digest). Also whether a transfer withdrew the
 * confirmation (the system went to its confirmer), and whether a change was too large to read field by field. Null
 * when the tier was never confirmed: the confirmer then reads the classification as a whole.
 */
export async function tierChangesSinceConfirmation(db: Db | Tx, system: SystemRow): Promise<TierChangesSince> {
  const ofSystem = and(eq(auditEvents.entityType, 'ai_system'), eq(auditEvents.entityId, system.id));
  const confirmed = first(await db.select({ seq: auditEvents.seq, at: auditEvents.at, actorId: auditEvents.actorId, after: auditEvents.after }).from(auditEvents)
    .where(and(ofSystem, eq(auditEvents.action, 'system.tier_confirmed'))).orderBy(desc(auditEvents.seq)).limit(1));
  if (!confirmed) return null;
  const since: Since[] = await db.select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after }).from(auditEvents)
    .where(and(ofSystem, inArray(auditEvents.action, ['system.updated', 'system.classified', 'system.transferred']), gt(auditEvents.seq, confirmed.seq)))
    .orderBy(asc(auditEvents.seq));
  const { then, unreadable } = valuesThen(since);
  const changes = JUDGED_ON.flatMap(([field, label]) => {
    if (!then.has(field)) return [];
    const was = then.get(field);
    const is = asText(field, system[field]);
    if (isTruncatedValue(was)) return truncatedValueIs(was, system[field]) ? [] : [{ label, then: cutText(field, was), now: is }];
    return asText(field, was) === is ? [] : [{ label, then: asText(field, was), now: is }];
  });
  const withdrawing = since.find((e) => e.action === 'system.transferred' && (JSON.parse(e.before ?? '{}') as { tierConfirmedById?: string | null }).tierConfirmedById);
  const nameOf = async (id: string | null | undefined) => (id ? first(await db.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1))?.name ?? null : null);
  const tier = (JSON.parse(confirmed.after ?? '{}') as { riskTier?: string }).riskTier ?? system.riskTier;
  return {
    confirmedBy: await nameOf(confirmed.actorId),
    confirmedAt: confirmed.at,
    tier,
    changes,
    withdrawnByTransferTo: withdrawing ? (await nameOf((JSON.parse(withdrawing.after ?? '{}') as { ownerId?: string }).ownerId)) ?? 'its new owner' : null,
    unreadable,
  };
}
