'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, REQUIRED_MARK, RequiredNote, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ReviewOutcome } from '@/db/schema/reviews';
import type { ActionResult } from '@/lib/http/form-action';
import { humanize } from '@/lib/words';
import { conditionsField } from './conditions-field';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = {
  systemId: string;
  systemName: string;
  snapshotSha256: string;
  printedName: string;
  /** What the snapshot holds, said in one line each: the dialog shows what is signed. */
  contents: string[];
  /** What stands out in it (production unmonitored, severe findings open): said before the outcome is chosen. */
  gaps: string[];
  outcomes: readonly ReviewOutcome[];
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ nextReviewDate: string }>>;
};

/** The review dialog: who signs, meaning what, over which snapshot and what it holds; the password again to sign. */
export function ReviewSignDialog({ systemId, systemName, snapshotSha256, printedName, contents, gaps, outcomes, action }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const router = useRouter();
  const pathname = usePathname();
  // No outcome is chosen for the signer: an attestation is a decision made, never a default accepted.
  const [outcome, setOutcome] = useState<ReviewOutcome | null>(null);
  const [opening, setOpening] = useState(0);
  const { onSubmit, pending, errors, message, reset } = useServerForm(action, ({ nextReviewDate }) => {
    ref.current?.close();
    announce(`Review signed. The next review is due ${nextReviewDate}.`);
    router.replace(`${pathname}?signed=1`, { scroll: false });
  });
  // However it closes, it opens next time as new: a stale outcome or error is never signed by accident.
  const onClose = () => {
    reset();
    setOutcome(null);
    setOpening((n) => n + 1);
  };
  const conditions = conditionsField(outcome ?? 'continue');
  return (
    <>
      <Button onClick={() => ref.current?.showModal()}>Sign review</Button>
      <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form key={opening} onSubmit={onSubmit} noValidate className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">Sign the review of {systemName}</h2>
          <RequiredNote />
          <FormMessage message={message} />
          <input type="hidden" name="systemId" value={systemId} />
          <input type="hidden" name="snapshotSha256" value={snapshotSha256} />
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Printed name</dt>
            <dd className="font-medium text-slate-900">{printedName}</dd>
            <dt className="text-slate-500">Signed as</dt>
            <dd className="text-slate-900">Risk officer</dd>
            <dt className="text-slate-500">Snapshot</dt>
            <dd className="font-mono text-xs break-all text-slate-700" data-testid="review-snapshot-digest">{snapshotSha256}</dd>
          </dl>
          <div className="text-sm text-slate-700">
            <p className="font-medium text-slate-800">The snapshot holds</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">{contents.map((c) => <li key={c}>{c}</li>)}</ul>
          </div>
          {gaps.length ? (
            <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="review-gaps">
              <p className="font-medium">To weigh before you choose the outcome</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">{gaps.map((g) => <li key={g}>{g}</li>)}</ul>
            </div>
          ) : null}
          <fieldset className="text-sm">
            <legend className={`mb-1 font-medium text-slate-800 ${REQUIRED_MARK}`}>Outcome</legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {outcomes.map((o) => (
                <label key={o} className="flex items-center gap-2">
                  <input type="radio" name="outcome" value={o} required checked={outcome === o} onChange={() => setOutcome(o)} /> {humanize(o)}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="review-meaning" aria-live="polite">
            {outcome ? `“I attest that I reviewed ${systemName}, with the outcome: ${humanize(outcome).toLowerCase()}, as Risk officer”` : 'Choose an outcome: the statement you sign appears here.'}
          </p>
          <TextAreaField label={conditions.label} name="conditions" required={conditions.required} errors={errors} hint={conditions.hint} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Signing asks for your password again." />
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
            <SubmitButton disabled={pending || !outcome}>{pending ? 'Signing…' : 'Sign review'}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
