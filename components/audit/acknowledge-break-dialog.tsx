'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { SubmitButton } from '@/components/ui/submit-button';

export type AcknowledgeBreakAction = (input: Record<string, unknown>) => Promise<ActionResult<{ acknowledgedSeq: number }>>;

type Props = { seq: number; reason: string; action: AcknowledgeBreakAction };

/**
 * Lets an admin record why a break in the chain may stand: the history is not edited, an acknowledgement event is
 * appended. Asks for the password again, as signing does.
 */
export function AcknowledgeBreakDialog({ seq, reason, action }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { onSubmit, pending, errors, message } = useServerForm(action, () => {
    ref.current?.close();
    void queryClient.invalidateQueries({ queryKey: ['audit-verify'] });
    router.refresh();
  });
  return (
    <>
      <Button variant="danger" onClick={() => ref.current?.showModal()}>Acknowledge break</Button>
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form onSubmit={onSubmit} noValidate className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">Acknowledge the break at sequence {seq}</h2>
          <FormMessage message={message} />
          <input type="hidden" name="seq" value={seq} />
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Sequence</dt>
            <dd className="font-mono text-slate-900">{seq}</dd>
            <dt className="text-slate-500">Verifier found</dt>
            <dd className="text-slate-900">{reason}</dd>
          </dl>
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
            Nothing in the trail is changed. An acknowledgement event is appended with your name, the time and your reason;
            verification then reports this break as acknowledged and goes on checking every later event.
          </p>
          <TextAreaField label="Reason" name="reason" errors={errors} rows={4} hint="What happened, how you established it, and why the break may stand (at least 20 characters)." />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" errors={errors} hint="Acknowledging asks for your password again." />
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
            <SubmitButton variant="danger" disabled={pending}>{pending ? 'Acknowledging…' : 'Acknowledge break'}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
