'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = {
  finding: { ref: string; title: string; severity: string };
  /** High and critical: closing is signed with the password, meaning and role stored. */
  signed: boolean;
  /** Ready for validation: it may be closed as fixed; before that only as not valid. */
  closeAsFixed: boolean;
  /** False for a serious incident's finding: the incident happened, so it is closed only as fixed. */
  closeAsInvalid: boolean;
  printedName: string;
  /** The evaluations that may prove a fix (closure-evaluations.ts), by name; the pages show ids shortened. */
  evaluations: { value: string; label: string }[];
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

function CloseFields({ finding, signed, closeAsFixed, closeAsInvalid, printedName, evaluations, errors }: Omit<Props, 'action'> & { errors: Record<string, string> }) {
  const [outcome, setOutcome] = useState<'closed' | 'invalid'>(closeAsFixed ? 'closed' : 'invalid');
  const what = `${finding.ref} “${finding.title}”`;
  const meaning = outcome === 'closed' ? `I attest that ${what} is fixed, on the closure evidence given, as Risk officer` : `I attest that ${what} is not a valid finding, for the reason given, as Risk officer`;
  return (
    <>
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <legend className="mb-1 font-medium text-slate-800">Outcome</legend>
        <label className="flex items-center gap-2"><input type="radio" name="outcome" value="closed" checked={outcome === 'closed'} disabled={!closeAsFixed} onChange={() => setOutcome('closed')} /> Fixed: close it{closeAsFixed ? '' : ' (once the owner marks it ready for validation)'}</label>
        {closeAsInvalid ? <label className="flex items-center gap-2"><input type="radio" name="outcome" value="invalid" checked={outcome === 'invalid'} onChange={() => setOutcome('invalid')} /> Not a valid finding</label> : null}
      </fieldset>
      <TextAreaField
        label={outcome === 'closed' ? 'Closure evidence' : 'Why it is not valid'}
        name="closureEvidence"
        required
        rows={4}
        errors={errors}
        hint={outcome === 'closed' ? 'What proves it is fixed: the re-validation, the new evaluation, the patched release.' : undefined}
      />
      {outcome === 'closed' ? (
        <SelectField
          label="Evaluation that proves the fix"
          name="evaluationId"
          errors={errors}
          defaultValue=""
          options={[{ value: '', label: evaluations.length ? 'None linked' : 'None counts yet' }, ...evaluations]}
          hint={evaluations.length
            ? "Optional: an active evaluation of this finding's model version, of a version of its system, or run on its dataset."
            : "No active evaluation of this finding's subject counts yet: record one on the version's page to link it here."}
        />
      ) : null}
      {signed ? (
        <>
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Printed name</dt>
            <dd className="font-medium text-slate-900">{printedName}</dd>
          </dl>
          <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="closure-meaning">“{meaning}”</p>
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Closing a finding that is or was high or critical is signed: your password again." />
        </>
      ) : null}
    </>
  );
}

/**
 * Closes a finding as fixed or as invalid; a high or critical one is signed in this dialog. The page's main action only
 * once the finding is ready for validation: before that, closing (as invalid) is the exception, not the next step.
 */
export function CloseFindingDialog({ action, ...props }: Props) {
  return (
    <ConfirmDialog trigger="Close finding" title={`Close ${props.finding.ref}`} confirm={props.signed ? 'Sign and close' : 'Close finding'} triggerVariant={props.closeAsFixed ? 'primary' : 'secondary'} done="Finding closed." action={action}>
      {(errors) => <CloseFields {...props} errors={errors} />}
    </ConfirmDialog>
  );
}
