'use client';

import { useMemo, useState } from 'react';
import { humanize, TierBadge } from '@/components/ui/badge';
import { SelectField, TextAreaField } from '@/components/ui/form';
import { RISK_TIERS, type RiskTier } from '@/db/schema/vocabulary';
import { proposeRiskTier, RISK_QUESTIONS, TIER_ORDER, type RiskAnswers } from '@/lib/inventory/risk-questionnaire';

const GROUPS = [
  ['prohibited', 'Prohibited practices (Art. 5)'],
  ['high', 'High-risk uses (Art. 6, Annex III)'],
  ['transparency', 'Transparency duties (Art. 50)'],
  ['gpai', 'General-purpose AI'],
] as const;

type Props = { initialAnswers: RiskAnswers; initialTier: RiskTier | null; errors: Record<string, string>; disabled: boolean };

/** The EU AI Act questionnaire: answers propose a tier live; choosing a lower tier asks for a reason. */
export function RiskQuestionnaireFields({ initialAnswers, initialTier, errors, disabled }: Props) {
  const [answers, setAnswers] = useState<RiskAnswers>(initialAnswers);
  const proposal = useMemo(() => proposeRiskTier(answers), [answers]);
  const [chosen, setChosen] = useState<RiskTier | null>(initialTier);
  const tier = chosen ?? proposal.tier;
  const belowProposal = TIER_ORDER[tier] < TIER_ORDER[proposal.tier];
  return (
    <fieldset disabled={disabled} className="space-y-5 disabled:opacity-70">
      {GROUPS.map(([group, title]) => (
        <div key={group}>
          <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
          <div className="mt-2 space-y-2">
            {RISK_QUESTIONS.filter((q) => q.group === group).map((q) => (
              <label key={q.id} className="flex items-start gap-3 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name={`riskAnswers.${q.id}`}
                  checked={answers[q.id] ?? false}
                  onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.checked })}
                  className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600"
                />
                <span>
                  {q.text} <span className="text-xs text-slate-500">({q.reference})</span>
                </span>
              </label>
            ))}
          </div>
        </div>
      ))}
      <div className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200" aria-live="polite">
        <p className="text-sm text-slate-700">
          Proposed tier: <TierBadge tier={proposal.tier} />
          {proposal.generalPurposeModel ? <span className="ml-2 text-xs text-slate-500">(built on a general-purpose AI model)</span> : null}
        </p>
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-slate-600">
          {proposal.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Risk tier"
          name="riskTier"
          required
          errors={errors}
          value={tier}
          onChange={(e) => setChosen(e.target.value as RiskTier)}
          options={RISK_TIERS.map((t) => ({ value: t, label: `${humanize(t)}${t === proposal.tier ? ' (proposed)' : ''}` }))}
        />
      </div>
      {belowProposal || errors.riskOverrideReason ? (
        <TextAreaField label="Why a lower tier than proposed applies" name="riskOverrideReason" errors={errors} required={belowProposal} hint="Kept with the classification as its rationale." />
      ) : null}
    </fieldset>
  );
}
