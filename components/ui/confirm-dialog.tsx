'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/http/form-action';
import { Button } from './button';
import { cn } from './cn';
import { FormMessage, RequiredNote, useServerForm } from './form';
import { announce } from './toast';
import { SubmitButton } from './submit-button';

type Props = {
  trigger: string;
  /** Accessible name of the trigger when the visible label is ambiguous in a list. */
  triggerLabel?: string;
  title: string;
  confirm: string;
  tone?: 'primary' | 'danger';
  triggerVariant?: 'primary' | 'secondary';
  /** The confirmation read out once it worked, e.g. "Token revoked." */
  done?: string;
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
  /** The dialog's explanation and fields; none for a plain "are you sure". */
  children?: (errors: Record<string, string>) => ReactNode;
  /** `wide` for a dialog that shows a record to read before acting. */
  width?: 'normal' | 'wide';
};

/**
 * The app's one confirmation dialog: a native <dialog> (focus trap and Escape for free) holding a small form that
 * runs a server action. However it closes (Cancel, Escape, success), it opens next time as new: no stale input or errors.
 */
export function ConfirmDialog({ trigger, triggerLabel, title, confirm, tone = 'primary', triggerVariant = 'secondary', done = 'Saved.', action, children, width = 'normal' }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const router = useRouter();
  const [opening, setOpening] = useState(0);
  const { onSubmit, pending, errors, message, reset } = useServerForm(action, () => {
    ref.current?.close();
    announce(done);
    router.refresh();
  });
  const onClose = () => {
    reset();
    setOpening((n) => n + 1);
  };
  return (
    <>
      <Button variant={triggerVariant} aria-label={triggerLabel} onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className={cn('m-auto w-[calc(100%-2rem)] rounded-lg p-0 text-left font-normal whitespace-normal text-slate-700 shadow-xl backdrop:bg-slate-900/40', width === 'wide' ? 'max-w-2xl' : 'max-w-md')}>
        <form key={opening} onSubmit={onSubmit} noValidate className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">{title}</h2>
          <FormMessage message={message} />
          <RequiredNote />
          {children?.(errors)}
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
            <SubmitButton variant={tone} disabled={pending}>{pending ? 'Working…' : confirm}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
