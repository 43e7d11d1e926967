'use client';

import { ActionForm } from '@/components/ui/action-form';
import { CheckboxGroup } from '@/components/ui/checkbox-group';
import { useState } from 'react';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import { RadioGroup } from '@/components/ui/radio-group';
import { INCIDENT_CATEGORIES, SEVERITIES } from '@/db/schema/vocabulary';
import type { ActionResult } from '@/lib/http/form-action';
import { personWithEmail } from '@/lib/format/person';
import { REPORTING_CLOCKS } from '@/lib/incidents/deadline';
import { humanize, plural } from '@/lib/words';
import { SystemPicker } from './system-picker';

type Props = {
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
  owners: { id: string; name: string; email: string }[];
  ownerId: string;
  /** The system the form was opened from, chosen already. */
  system: { id: string; name: string } | null;
  /** Now, as "YYYY-MM-DD HH:MM" in UTC: the default moment of awareness. */
  now: string;
};

export const CATEGORY_OPTIONS = INCIDENT_CATEGORIES.map((c) => ({ value: c, label: `${REPORTING_CLOCKS[c].label}: ${plural(REPORTING_CLOCKS[c].days, 'day')} (${REPORTING_CLOCKS[c].paragraph})` }));
export const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: humanize(s) }));
const SEVERITY_CHOICES = [{ value: '', label: 'Choose a severity' }, ...SEVERITY_OPTIONS];
export const MOMENT_HINT = 'In UTC, as YYYY-MM-DD HH:MM (the time may be left out).';

const SERIOUS_HINT = 'Death or serious harm to health, serious and irreversible disruption of critical infrastructure, infringement of fundamental-rights law, or serious harm to property or the environment.';

/** Severity and seriousness start unanswered: a regulatory classification is chosen, never inherited from a default. */
export function IncidentForm({ action, owners, ownerId, system, now }: Props) {
  const [serious, setSerious] = useState<string | null>(null);
  return (
    <ActionForm action={action} submitLabel="Record incident" done="Incident recorded.">
      {(errors) => (
        <>
          <TextField label="Title" name="title" errors={errors} required maxLength={200} />
          <TextAreaField label="What happened" name="description" errors={errors} required rows={5} />
          {system ? <CheckboxGroup legend="Affected system" name="systemIds" options={[{ value: system.id, label: system.name }]} selected={[system.id]} /> : null}
          <SystemPicker label={system ? 'Other affected systems' : 'Affected systems'} required={!system} error={errors.systemIds} hint="One or more live systems. Type to search, Enter to choose." />
          <TextAreaField label="People affected" name="affectedPeople" errors={errors} hint="Who, and how many." />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Severity" name="severity" errors={errors} options={SEVERITY_CHOICES} defaultValue="" required />
            <TextField label="Became aware" name="awareAt" errors={errors} defaultValue={now} hint={MOMENT_HINT} required inputMode="numeric" autoComplete="off" />
          </div>
          <RadioGroup
            legend="Is it a serious incident (EU AI Act Art. 3(49))?"
            name="serious"
            boolean
            required
            hint={SERIOUS_HINT}
            error={errors.serious}
            onChange={setSerious}
            options={[
              { value: 'true', label: 'Yes: it must be reported to the market surveillance authority (Art. 73)' },
              { value: 'false', label: 'No' },
            ]}
          />
          <SelectField label="Reporting clock" name="category" errors={errors} options={CATEGORY_OPTIONS} defaultValue="general" disabled={serious !== 'true'} hint="Counted from when you became aware; for a serious incident only." />
          <SelectField label="Owner" name="ownerId" errors={errors} options={owners.map((o) => ({ value: o.id, label: personWithEmail(o) }))} defaultValue={ownerId} />
        </>
      )}
    </ActionForm>
  );
}
