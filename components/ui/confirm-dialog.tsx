'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/http/form-action';
import { Button } from './button';
import { FormMessage, useServerForm } from './form';

type Props = {
  trigger: string;
  /** Accessible name of the trigger when the visible label is ambiguous in a list. */
  triggerLabel?: string;
  title: string;
  confirm: string;
  tone?: 'primary' | 'danger';
  triggerVariant?: 'primary' | 'secondary';
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
  children: (errors: Record<string, string>) => ReactNode;
};

/** A native <dialog> (focus trap and Escape for free) holding a small form that runs a server action. */
export function ConfirmDialog({ trigger, triggerLabel, title, confirm, tone = 'primary', triggerVariant = 'secondary', action, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, () => {
    ref.current?.close();
    router.refresh();
  });
  return (
    <>
      <Button variant={triggerVariant} aria-label={triggerLabel} onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form onSubmit={onSubmit} noValidate className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">{title}</h2>
          <FormMessage message={message} />
          {children(errors)}
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
            <Button type="submit" variant={tone} disabled={pending}>{pending ? 'Working…' : confirm}</Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
