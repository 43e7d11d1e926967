import 'server-only';
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems, auditEvents, users } from '@/db/schema';
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
export type TierChangesSince = { confirmedBy: string | null; confirmedAt: string; tier: string; changes: TierChange[] } | null;

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

/**
 * Since the tier was last confirmed, what changed in what it is judged on: each field's value then (the `before` of
 * the first audited change after the confirmation) beside its value now, leaving out a field changed and changed
 * back. Null when the tier was never confirmed: the confirmer then reads the classification as a whole.
 */
export async function tierChangesSinceConfirmation(db: Db | Tx, system: SystemRow): Promise<TierChangesSince> {
  const confirmed = first(await db.select({ seq: auditEvents.seq, at: auditEvents.at, actorId: auditEvents.actorId, after: auditEvents.after }).from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'ai_system'), eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.tier_confirmed')))
    .orderBy(desc(auditEvents.seq)).limit(1));
  if (!confirmed) return null;
  const since = await db.select({ before: auditEvents.before }).from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'ai_system'), eq(auditEvents.entityId, system.id), inArray(auditEvents.action, ['system.updated', 'system.classified']), gt(auditEvents.seq, confirmed.seq)))
    .orderBy(asc(auditEvents.seq));
  const then = new Map<string, unknown>();
  for (const event of since) {
    for (const [field, value] of Object.entries(JSON.parse(event.before ?? '{}') as Record<string, unknown>)) if (!then.has(field)) then.set(field, value);
  }
  const changes = JUDGED_ON.flatMap(([field, label]) => {
    if (!then.has(field)) return [];
    const [was, is] = [asText(field, then.get(field)), asText(field, system[field])];
    return was === is ? [] : [{ label, then: was, now: is }];
  });
  const by = confirmed.actorId ? first(await db.select({ name: users.name }).from(users).where(eq(users.id, confirmed.actorId)).limit(1)) : undefined;
  const tier = (JSON.parse(confirmed.after ?? '{}') as { riskTier?: string }).riskTier ?? system.riskTier;
  return { confirmedBy: by?.name ?? null, confirmedAt: confirmed.at, tier, changes };
}
