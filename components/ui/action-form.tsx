'use client';

import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import type { ActionResult } from '@/lib/http/form-action';
import { Button } from './button';
import { FormMessage, RequiredNote, useServerForm } from './form';
import { announce } from './toast';
import { SubmitButton } from './submit-button';

type Props = {
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
  submitLabel: string;
  /** The confirmation read out once it worked, e.g. "Dataset registered." */
  done?: string;
  children: (errors: Record<string, string>) => ReactNode;
};

/** A card-style form that runs a server action, confirms it and opens the page it answers with. */
export function ActionForm({ action, submitLabel, done = 'Saved.', children }: Props) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ path }) => {
    announce(done);
    router.push(path);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-6">
      <FormMessage message={message} />
      <RequiredNote />
      {children(errors)}
      <div className="flex justify-end gap-3 pt-2">
        <Button variant="secondary" onClick={() => router.back()}>Cancel</Button>
        <SubmitButton disabled={pending}>{pending ? 'Saving…' : submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
