'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/form';
import { formatDate } from '@/components/ui/format';
import type { ActionResult } from '@/lib/http/form-action';
import type { TierChangesSince } from '@/lib/inventory/tier-changes';

type Props = {
  tier: string;
  systemName: string;
  /** Since when the tier waits, as read: a change to what it is judged on meanwhile refuses the confirmation. */
  assessedAt: string;
  /** The statement the confirmer signs (tierConfirmationMeaning), kept in the audited confirmation. */
  meaning: string;
  /** What the tier is judged on now, worded. */
  judged: { label: string; value: string }[];
  /** The last confirmation and what changed since; null when the tier was never confirmed. */
  since: TierChangesSince;
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

/** What changed since the last confirmation, or that the classification is confirmed for the first time. */
function SinceLastConfirmation({ since }: { since: TierChangesSince }) {
  if (!since) return <p className="text-sm text-slate-600">No one has confirmed this system&rsquo;s tier before: you confirm its classification as a whole.</p>;
  const who = `${since.confirmedBy ?? 'Someone'} confirmed the ${since.tier} tier on ${formatDate(since.confirmedAt)}`;
  const withdrawn = since.withdrawnByTransferTo ? ` The confirmation was withdrawn when ${since.withdrawnByTransferTo} took the system over.` : '';
  const unreadable = since.unreadable ? <p className="text-sm text-amber-900">One change since was too large for the audit trail to keep field by field: read it in the system&rsquo;s History.</p> : null;
  if (since.changes.length === 0) {
    return (
      <div className="space-y-2" data-testid="tier-changes">
        <p className="text-sm text-slate-600">{who}.{withdrawn} {since.unreadable ? 'No other field' : 'Nothing the tier is judged on'} differs from then.</p>
        {unreadable}
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid="tier-changes">
      <p className="text-sm font-medium text-slate-800">{who}.{withdrawn} Since then:</p>
      {unreadable}
      <ul className="space-y-2 text-sm">
        {since.changes.map((change) => (
          <li key={change.label} className="rounded-md bg-amber-50 p-2 ring-1 ring-amber-200">
            <p className="font-medium text-amber-900">{change.label}</p>
            <p className="text-slate-600"><span className="text-xs uppercase tracking-wide text-slate-500">Then</span> {change.then}</p>
            <p className="text-slate-900"><span className="text-xs uppercase tracking-wide text-slate-500">Now</span> {change.now}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A risk officer confirms the tier they see, with their password, as a signature: the dialog shows what the tier is
 * judged on and what changed since it was last confirmed. The tier and the time it was assessed travel with the form,
 * so a tier or an assessment changed meanwhile is refused.
 */
export function ConfirmTierButton({ tier, systemName, assessedAt, judged, since, meaning, action }: Props) {
  return (
    <ConfirmDialog trigger="Confirm tier" triggerVariant="primary" title={`Confirm the ${tier} tier of ${systemName}?`} confirm="Confirm tier" done="Tier confirmed." action={action} width="wide">
      {(errors) => (
        <>
          <input type="hidden" name="riskTier" value={tier} />
          <input type="hidden" name="assessedAt" value={assessedAt} />
          <SinceLastConfirmation since={since} />
          <dl className="grid gap-x-3 text-sm sm:grid-cols-[auto_1fr] sm:gap-y-1" aria-label="What the tier is judged on">
            {judged.map(({ label, value }) => (
              <div key={label} className="contents">
                <dt className="text-slate-500 max-sm:mt-2">{label}</dt>
                <dd className="min-w-0 break-words text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
          {/* The statement signed, as the server words it and keeps in the audited confirmation. */}
          <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="tier-meaning">“{meaning}”</p>
          <p className="text-sm text-slate-600">
            Its versions may then go to production under the {tier} tier&rsquo;s gate. If it does not fit, cancel and classify the system again under Edit: another risk officer then confirms it.
          </p>
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Confirming a tier is signed: your password again." />
        </>
      )}
    </ConfirmDialog>
  );
}
