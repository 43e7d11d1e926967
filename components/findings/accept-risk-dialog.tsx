'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DateField } from '@/components/ui/date-input';
import { TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = {
  finding: { ref: string; title: string };
  printedName: string;
  /** The last day an expiry may fall on (one year ahead). */
  latestExpiry: string;
  /** A finding that was ever critical: this signature proposes the terms, and a second risk officer approves them. */
  twoSigners: boolean;
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

function AcceptFields({ finding, printedName, latestExpiry, twoSigners, errors }: Omit<Props, 'action'> & { errors: Record<string, string> }) {
  const [expiresOn, setExpiresOn] = useState('');
  const until = /^\d{4}-\d{2}-\d{2}$/.test(expiresOn) ? expiresOn : 'the expiry date';
  return (
    <>
      {twoSigners ? (
        <p className="text-sm text-slate-600">This finding was critical, so two risk officers accept its risk. You sign these terms as a proposal; the finding stays as it is until a second risk officer, who neither proposed it nor owned the finding, approves them. The finding then stays on record as accepted and re-opens by itself on its expiry date.</p>
      ) : (
        <p className="text-sm text-slate-600">A signed policy exception: the finding stays on record as accepted and re-opens by itself on its expiry date.</p>
      )}
      <TextAreaField label="Justification" name="justification" required rows={3} errors={errors} hint="Why the risk is acceptable for now." />
      <TextAreaField label="Compensating controls" name="compensatingControls" required rows={3} errors={errors} hint="What limits the harm meanwhile." />
      <DateField label="Expires on" name="expiresOn" required errors={errors} value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} hint={`As YYYY-MM-DD, after today and on or before ${latestExpiry}.`} />
      <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
        <dt className="text-slate-500">Printed name</dt>
        <dd className="font-medium text-slate-900">{printedName}</dd>
      </dl>
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="waiver-meaning">
        “I {twoSigners ? 'propose accepting' : 'accept'} the risk of {finding.ref} “{finding.title}” until {until}, with the compensating controls given, as Risk officer”
      </p>
      <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Accepting a risk is signed: your password again." />
    </>
  );
}

/** Accepts a finding's risk as a signed, expiring policy exception, or for one that was ever critical proposes it. */
export function AcceptRiskDialog({ action, ...props }: Props) {
  const { twoSigners } = props;
  return (
    <ConfirmDialog
      trigger={twoSigners ? 'Propose accepting the risk' : 'Accept the risk'}
      title={twoSigners ? `Propose accepting the risk of ${props.finding.ref}` : `Accept the risk of ${props.finding.ref}`}
      confirm={twoSigners ? 'Sign and propose' : 'Sign and accept'}
      done={twoSigners ? 'Proposed: a second risk officer decides.' : 'Risk accepted.'}
      action={action}
    >
      {(errors) => <AcceptFields {...props} errors={errors} />}
    </ConfirmDialog>
  );
}
