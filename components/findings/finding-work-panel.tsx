'use client';

import { useRouter } from 'next/navigation';
import { FormMessage, SelectField, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { humanize } from '@/lib/words';
import { SubmitButton } from '@/components/ui/submit-button';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<{ status: string }>>;

/** The next steps of the work, worded as what the person does. */
const MOVES: Record<string, { to: string; label: string }> = {
  open: { to: 'in_remediation', label: 'Start remediation' },
  in_remediation: { to: 'ready_for_validation', label: 'Ready for validation' },
  ready_for_validation: { to: 'in_remediation', label: 'Validation failed: back to remediation' },
};

export function StatusMoves({ status, action }: { status: string; action: Action }) {
  const router = useRouter();
  const { onSubmit, pending, message } = useServerForm(action, ({ status: now }) => {
    announce(`Finding is now ${humanize(now).toLowerCase()}.`);
    router.refresh();
  });
  const move = MOVES[status];
  if (!move) return null;
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <FormMessage message={message} />
      <input type="hidden" name="status" value={move.to} />
      <SubmitButton variant="secondary" disabled={pending}>{move.label}</SubmitButton>
    </form>
  );
}

type EditProps = {
  finding: { type: string; title: string; description: string; remediationPlan: string; ownerId: string; severity: string };
  owners: { id: string; name: string }[];
  severities: readonly string[];
  /** Only a risk officer changes the severity (and so the due date). */
  changeSeverity: boolean;
  /** The finding is high or critical: lowering it takes a reason and the password. */
  lowerSeveritySigned: boolean;
  /** Why this person may not rewrite the title and description, or null (lib/findings/finding-records.ts). */
  wordsFixed: string | null;
  action: Action;
};

/** The owner's working form: plan, description, title, owner; the severity for a risk officer. */
export function FindingEditForm({ finding, owners, severities, changeSeverity, lowerSeveritySigned, wordsFixed, action }: EditProps) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, () => {
    announce('Finding saved.');
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage message={message} />
      <TextAreaField label="Remediation plan" name="remediationPlan" rows={4} errors={errors} defaultValue={finding.remediationPlan} hint="What will be done, by when, and how it will be validated." />
      {finding.type === 'approval_condition' ? (
        // The signer's words: not sent, so not changed (the server refuses it too).
        <p className="text-sm text-slate-600">The title and description are the conditions as the signer set them; they are not edited.</p>
      ) : wordsFixed ? (
        <p className="text-sm text-slate-600" data-testid="words-fixed">{wordsFixed}</p>
      ) : (
        <>
          <TextField label="Title" name="title" required maxLength={200} errors={errors} defaultValue={finding.title} />
          <TextAreaField label="Description" name="description" required rows={4} errors={errors} defaultValue={finding.description} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Owner" name="ownerId" errors={errors} defaultValue={finding.ownerId} options={owners.map((o) => ({ value: o.id, label: o.name }))} hint="A new owner is told at once." />
        {changeSeverity ? <SelectField label="Severity" name="severity" errors={errors} defaultValue={finding.severity} options={severities.map((s) => ({ value: s, label: humanize(s) }))} hint="Recomputes the due date from the policy." /> : null}
      </div>
      {changeSeverity && lowerSeveritySigned ? (
        <fieldset className="space-y-4 rounded-md p-3 ring-1 ring-slate-200">
          <legend className="px-1 text-sm font-medium text-slate-800">Only to lower the severity</legend>
          <TextAreaField label="Why it is less severe" name="severityReason" rows={2} errors={errors} hint={`Lowering a ${finding.severity} finding is recorded with this reason.`} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" errors={errors} hint="Lowering a high or critical finding is signed: your password again." />
        </fieldset>
      ) : null}
      <SubmitButton disabled={pending}>{pending ? 'Saving…' : 'Save changes'}</SubmitButton>
    </form>
  );
}
