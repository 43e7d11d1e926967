'use client';

import { useRouter } from 'next/navigation';
import { FormMessage, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { MOMENT_HINT } from './incident-form';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>; now: string };

/** Appends to the timeline under it; the form empties after each entry, ready for the next. */
export function AddActionForm({ action, now }: Props) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, (_data, form) => {
    form.reset();
    announce('Action added to the timeline.');
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="add-action-heading" className="space-y-3 border-t border-slate-200 pt-4">
      <h3 id="add-action-heading" className="text-sm font-semibold text-slate-900">Add an action</h3>
      <FormMessage message={message} />
      <TextAreaField label="What was done" name="text" errors={errors} required />
      <div className="flex flex-wrap items-end gap-3">
        <TextField label="When" name="at" errors={errors} defaultValue={now} hint={MOMENT_HINT} required autoComplete="off" className="min-w-0 grow sm:grow-0" />
        <SubmitButton disabled={pending} className="mb-5">{pending ? 'Adding…' : 'Add action'}</SubmitButton>
      </div>
    </form>
  );
}
