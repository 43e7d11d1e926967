import { humanize } from '@/components/ui/badge';
import { TextField } from '@/components/ui/form';
import type { PolicyRules } from '@/db/schema';
import { SEVERITIES } from '@/db/schema/vocabulary';
import { FINDING_DEADLINE_DEFAULTS, TRIGGERED_REVIEW_DAYS_DEFAULT } from '@/lib/findings/deadlines';

/** Days a finding of each severity has, months between periodic reviews and days to sign a triggered one; empty fields keep the defaults shown. */
export function FindingDeadlineFields({ rules, defaultCadence, errors }: { rules: PolicyRules; defaultCadence: number; errors: Record<string, string> }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Finding deadlines and review cadence</legend>
      <div className="mt-1 grid grid-cols-2 gap-4 sm:grid-cols-5">
        {SEVERITIES.map((s) => (
          <TextField key={s} label={`${humanize(s)} (days)`} name={`findingDeadlineDays.${s}`} type="number" min={1} max={3650} defaultValue={rules.findingDeadlineDays?.[s] ?? ''} placeholder={`${FINDING_DEADLINE_DEFAULTS[s]} (default)`} errors={errors} />
        ))}
        <TextField label="Review every (months)" name="reviewCadenceMonths" type="number" min={1} max={120} defaultValue={rules.reviewCadenceMonths ?? ''} placeholder={`${defaultCadence} (default)`} errors={errors} />
      </div>
      <div className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-5">
        <TextField label="Triggered review (days)" name="triggeredReviewDays" type="number" min={1} max={365} defaultValue={rules.triggeredReviewDays ?? ''} placeholder={`${TRIGGERED_REVIEW_DAYS_DEFAULT} (default)`} hint="To sign a review once something triggers it." errors={errors} className="col-span-2" />
      </div>
    </fieldset>
  );
}
