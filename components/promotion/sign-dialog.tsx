'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, REQUIRED_MARK, RequiredNote, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { signatureMeaning } from '@/lib/promotion/signature-words';
import { humanize } from '@/lib/words';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = {
  requestId: string;
  snapshotSha256: string;
  printedName: string;
  roles: string[];
  subject: { model: string; version: string; target: string };
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ requestStatus: string }>>;
  /** False while the gate fails today: only a rejection can be signed, and the dialog opens on it. Otherwise no decision is preselected. */
  approvable?: boolean;
};

/** The signing dialog: who signs, as what, meaning what, over which snapshot; the password again to sign. */
export function SignDialog({ requestId, snapshotSha256, printedName, roles, subject, action, approvable = true }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const router = useRouter();
  const pathname = usePathname();
  const [role, setRole] = useState(roles[0]!);
  // Nothing is chosen for the signer: an attestation is a decision made, never a default accepted.
  const firstDecision = approvable ? null : 'reject';
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(firstDecision);
  const [conditions, setConditions] = useState('');
  // The toast is heard at once; `signed` asks the page to say what the stored signature did, read from the record.
  const [opening, setOpening] = useState(0);
  const { onSubmit, pending, errors, message, reset } = useServerForm(action, ({ requestStatus }) => {
    ref.current?.close();
    announce(requestStatus === 'approved' ? 'Signature recorded: the promotion is approved.' : requestStatus === 'rejected' ? 'Signature recorded: the request is rejected.' : 'Signature recorded.');
    router.replace(`${pathname}?signed=1`, { scroll: false });
  });
  // However it closes, it opens next time as new: a stale Reject, comment or error is never signed by accident.
  const onClose = () => {
    reset();
    setRole(roles[0]!);
    setDecision(firstDecision);
    setConditions('');
    setOpening((n) => n + 1);
  };
  // The very sentence the server stores, conditions and all: they are part of what is signed.
  const meaning = decision ? `“${signatureMeaning(decision, subject.model, subject.version, subject.target, role, conditions)}”` : 'Choose Approve or Reject: the statement you sign appears here.';
  return (
    <>
      <Button onClick={() => ref.current?.showModal()}>Sign</Button>
      <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form key={opening} onSubmit={onSubmit} noValidate className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">Sign this promotion</h2>
          <RequiredNote />
          <FormMessage message={message} />
          <input type="hidden" name="requestId" value={requestId} />
          <input type="hidden" name="snapshotSha256" value={snapshotSha256} />
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Printed name</dt>
            <dd className="font-medium text-slate-900" data-testid="printed-name">{printedName}</dd>
            {/* One role to sign in is a fact to read, not a choice to make. */}
            {roles.length === 1 ? (
              <>
                <dt className="text-slate-500">Signing as</dt>
                <dd className="text-slate-900">{humanize(roles[0]!)}<input type="hidden" name="role" value={roles[0]} /></dd>
              </>
            ) : null}
            <dt className="text-slate-500">Snapshot</dt>
            <dd className="font-mono text-xs break-all text-slate-700">{snapshotSha256}</dd>
          </dl>
          {roles.length > 1 ? (
            <label className="block text-sm font-medium text-slate-800">
              Sign as
              <select name="role" value={role} onChange={(e) => setRole(e.target.value)} className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset">
                {roles.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
              </select>
            </label>
          ) : null}
          <fieldset className="flex gap-6 text-sm">
            <legend className="mb-1 font-medium text-slate-800"><span className={REQUIRED_MARK}>Decision</span>{approvable ? null : <span className="ml-1 font-normal text-slate-600">(the gate does not pass today: only a rejection can be signed)</span>}</legend>
            {(['approve', 'reject'] as const).map((d) => (
              <label key={d} className="flex items-center gap-2">
                <input type="radio" name="decision" value={d} required checked={decision === d} disabled={d === 'approve' && !approvable} onChange={() => setDecision(d)} /> {humanize(d)}
              </label>
            ))}
          </fieldset>
          {decision === 'approve' ? (
            <TextAreaField
              label="Conditions (optional)"
              name="conditions"
              rows={2}
              maxLength={2000}
              value={conditions}
              onChange={(e) => setConditions(e.target.value)}
              errors={errors}
              hint="What your approval depends on: evidence to file, a limit on use, a date to revisit. Part of the statement you sign; once the request is approved, a finding for the system’s owner tracks them until a risk officer closes it. They do not hold the version back: it moves when the last signature lands, so reject instead if something must be done first."
            />
          ) : null}
          <p className="rounded-md bg-slate-50 p-3 text-sm break-words text-slate-800 ring-1 ring-slate-200" data-testid="meaning" aria-live="polite">{meaning}</p>
          <TextAreaField label={decision === 'reject' ? 'Comment (required to reject)' : 'Comment'} name="comment" required={decision === 'reject'} errors={errors} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Signing asks for your password again." />
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
            <SubmitButton variant={decision === 'reject' ? 'danger' : 'primary'} disabled={pending || !decision}>{pending ? 'Signing…' : decision === 'approve' ? 'Sign approval' : decision === 'reject' ? 'Sign rejection' : 'Sign'}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
