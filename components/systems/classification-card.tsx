import { TierBadge } from '@/components/ui/badge';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import type { PersonRef } from '@/lib/format/person';
import { RISK_QUESTIONS, TIER_ORDER } from '@/lib/inventory/risk-questionnaire';
import { CONFIRMER, needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import type { RiskTier } from '@/db/schema/vocabulary';

type Rationale = {
  questionnaire?: string | null;
  answers?: Record<string, boolean>;
  proposedTier?: string;
  reasons?: string[];
  overrideReason?: string;
  note?: string;
  classifiedBy?: string;
  classifiedAt?: string;
} | null;

/** Whether the tier was set below or above the questionnaire's proposal, as the reason's label says. */
function overrideLabel(tier: string, proposed: string | undefined) {
  const order = (t: string | undefined) => (t && t in TIER_ORDER ? TIER_ORDER[t as RiskTier] : null);
  const [set, asked] = [order(tier), order(proposed)];
  if (set === null || asked === null || set === asked) return 'Reason for the tier';
  return set < asked ? 'Reason for a lower tier' : 'Reason for a higher tier';
}

/** `since`: when the tier was last classified, or what it was judged on changed. */
type Confirmation = { by: PersonRef | null; at: string | null; since: string | null };

/** Who confirmed a limited or minimal tier, or what waits for it (nothing on a retired system's); the other tiers need none. */
function ConfirmationLine({ tier, confirmation, retired }: { tier: RiskTier; confirmation: Confirmation; retired: boolean }) {
  if (!needsTierConfirmation(tier)) return null;
  if (confirmation.at) {
    return <p data-testid="tier-confirmation">Tier confirmed by <PersonName person={confirmation.by} /> on <time dateTime={confirmation.at}>{formatDate(confirmation.at)}</time>.</p>;
  }
  if (retired) return null;
  return (
    <p className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200" data-testid="tier-confirmation">
      Not confirmed{confirmation.since ? <> since <time dateTime={confirmation.since}>{formatDate(confirmation.since)}</time></> : null}: {CONFIRMER} confirms the {tier} tier before a version goes to production under its lighter gate.
    </p>
  );
}

/** The stored rationale of the risk tier: what was answered, what was proposed, any override, and its confirmation. */
export function ClassificationCard({ tier, rationale, classifiedBy, confirmation, retired, action }: { tier: RiskTier; rationale: Rationale; classifiedBy: PersonRef | null; confirmation: Confirmation; retired: boolean; action?: ReactNode }) {
  const yes = RISK_QUESTIONS.filter((q) => rationale?.answers?.[q.id]);
  return (
    <Card title={<span id="classification" className="scroll-mt-20">Risk classification</span>} actions={action}>
      <div className="space-y-3 text-sm text-slate-700">
        <p className="flex flex-wrap items-center gap-2">
          Tier <TierBadge tier={tier} />
          {rationale?.proposedTier && rationale.proposedTier !== tier ? (
            <span className="text-xs text-amber-700">(questionnaire proposed {rationale.proposedTier})</span>
          ) : null}
        </p>
        {rationale?.questionnaire ? (
          yes.length > 0 ? (
            <ul className="list-disc space-y-1 pl-5">
              {yes.map((q) => (
                <li key={q.id}>
                  {q.text} <span className="text-xs text-slate-500">({q.reference})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>No prohibited practice, Annex III area or Art. 50 duty was answered yes.</p>
          )
        ) : (
          <p className="text-slate-500">Tier set without the questionnaire{rationale?.note ? `: ${rationale.note}` : '.'}</p>
        )}
        {rationale?.overrideReason ? <p><span className="font-medium">{overrideLabel(tier, rationale.proposedTier)}:</span> {rationale.overrideReason}</p> : null}
        {rationale?.classifiedBy ? (
          <p className="text-xs text-slate-500">
            Classified by <PersonName person={classifiedBy ?? { email: rationale.classifiedBy }} /> on <time dateTime={rationale.classifiedAt}>{formatDate(rationale.classifiedAt)}</time> · {rationale.questionnaire ?? 'manual'}
          </p>
        ) : null}
        <ConfirmationLine tier={tier} confirmation={confirmation} retired={retired} />
      </div>
    </Card>
  );
}
