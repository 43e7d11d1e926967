'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { CATEGORY_OPTIONS, MOMENT_HINT, SEVERITY_OPTIONS } from './incident-form';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

type Facts = { description: string; affectedPeople: string; severity: string; category: string; serious: boolean };

export function EditIncidentButton({ action, incident }: { action: Action; incident: Facts }) {
  return (
    <ConfirmDialog trigger="Edit" triggerLabel="Edit the incident" title="Edit the incident" confirm="Save changes" done="Incident updated." action={action}>
      {(errors) => (
        <>
          <TextAreaField label="What happened" name="description" errors={errors} defaultValue={incident.description} required rows={5} />
          <TextAreaField label="People affected" name="affectedPeople" errors={errors} defaultValue={incident.affectedPeople} hint="Who, and how many." />
          <SelectField label="Severity" name="severity" errors={errors} options={SEVERITY_OPTIONS} defaultValue={incident.severity} />
          <SelectField
            label="Reporting clock"
            name="category"
            errors={errors}
            options={CATEGORY_OPTIONS}
            defaultValue={incident.category}
            hint={incident.serious ? 'A new clock moves the deadline; it still runs from when you became aware.' : 'This incident is not serious, so no clock runs.'}
          />
        </>
      )}
    </ConfirmDialog>
  );
}

export function MarkReportedButton({ action, now }: { action: Action; now: string }) {
  return (
    <ConfirmDialog trigger="Mark reported" title="Mark as reported to the authority" confirm="Mark reported" done="Incident marked as reported." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">Record when the report reached the market surveillance authority and the reference it gave. This stops the reporting clock.</p>
          <TextField label="Reported at" name="reportedAt" errors={errors} defaultValue={now} hint={MOMENT_HINT} required autoComplete="off" />
          <TextField label="Authority’s reference" name="authorityReference" errors={errors} required maxLength={200} />
        </>
      )}
    </ConfirmDialog>
  );
}

export function CloseIncidentButton({ action }: { action: Action }) {
  return (
    <ConfirmDialog trigger="Close incident" title="Close this incident?" confirm="Close incident" done="Incident closed." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">A closed incident keeps its timeline and report but changes no more. The note ends the timeline.</p>
          <TextAreaField label="Closing note" name="closingNote" errors={errors} required />
        </>
      )}
    </ConfirmDialog>
  );
}
