import type { RiskTier } from '@/db/schema/vocabulary';
import { formatDate } from '@/lib/format/date-time';

/**
 * The tiers whose production gate is lighter than the high tier's: the owner who chose one may have chosen it for
 * that, so a risk officer who neither owns the system nor classified it confirms it before production.
 */
export const TIERS_CONFIRMED_BEFORE_PRODUCTION: readonly RiskTier[] = ['limited', 'minimal'];

export const needsTierConfirmation = (tier: RiskTier) => TIERS_CONFIRMED_BEFORE_PRODUCTION.includes(tier);

/** What a tier is judged on besides the questionnaire: a change to any of them waits for a confirmation again. */
export const ASSESSED_FIELDS = ['purpose', 'intendedUse', 'deploymentContext', 'personalData'] as const;

/** Who confirmed the tier and when; null while no one has. */
export type TierConfirmation = { confirmedBy: string; confirmedAt: string } | null;

/** Since when an unconfirmed tier waits: its last assessment, else (rows older than that record) its classification. */
export function awaitedSince(system: { tierAssessedAt: string | null; riskRationale: unknown; createdAt: string }) {
  return system.tierAssessedAt ?? (system.riskRationale as { classifiedAt?: string } | null)?.classifiedAt ?? system.createdAt;
}

/** What a risk officer confirms, as the system page, the inbox and the gate say it. */
export const CONFIRMER = 'a risk officer who neither owns the system nor classified it';

/** The gate's requirement for a forward move to production of a limited or minimal system's version. */
export function tierConfirmationRequirement(tier: RiskTier, confirmation: TierConfirmation) {
  const base = { id: 'tier-confirmed', label: `The ${tier} tier confirmed by a risk officer` };
  if (!confirmation) return { ...base, met: false, detail: `Not confirmed: ${CONFIRMER} confirms the ${tier} tier on the system's page before any version goes to production under its lighter gate.` };
  return { ...base, met: true, detail: `Confirmed by ${confirmation.confirmedBy} on ${formatDate(confirmation.confirmedAt)}.` };
}

/** A would-be confirmer with every address they have held (users/emails.ts): a classification stores its classifier's address then. */
type Confirmer = { userId: string; addresses: Set<string> };
type Classified = { ownerId: string; riskRationale: unknown };

/** Why this person may not confirm the system's tier (they own it or classified it), or null when they may. */
export function whyNotConfirmer(person: Confirmer, system: Classified): string | null {
  if (system.ownerId === person.userId) return 'You own this system: a risk officer who does not own it confirms its tier.';
  const classifiedBy = (system.riskRationale as { classifiedBy?: unknown } | null)?.classifiedBy;
  if (typeof classifiedBy === 'string' && person.addresses.has(classifiedBy)) return 'You classified this system: a risk officer who did not classify it confirms its tier.';
  return null;
}
