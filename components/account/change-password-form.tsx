'use client';

import { useRouter } from 'next/navigation';
import { FormMessage, RequiredNote, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import { plural } from '@/lib/words';
import type { ActionResult } from '@/lib/http/form-action';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = {
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ otherSessionsEnded: number }>>;
  /** The account's email, for password managers (they store the new password under it). */
  email: string;
  /** `temporary`: the password an administrator set, replaced before anything else; the app opens once it is. */
  mode: 'temporary' | 'own';
};

export function ChangePasswordForm({ action, email, mode }: Props) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ otherSessionsEnded }, form) => {
    // The dashboard's layout is rendered afresh on the server: the session's roles come back with the new password.
    if (mode === 'temporary') return router.replace('/');
    form.reset();
    announce(otherSessionsEnded > 0 ? `Password changed; ${plural(otherSessionsEnded, 'other session')} signed out.` : 'Password changed.');
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage message={message} />
      <RequiredNote />
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField label={mode === 'temporary' ? 'Temporary password' : 'Current password'} name="current" type="password" autoComplete="current-password" errors={errors} required />
      <TextField label="New password" name="password" type="password" autoComplete="new-password" errors={errors} hint="At least 12 characters; a phrase of several words is easiest to remember." minLength={12} required />
      <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" errors={errors} required />
      <SubmitButton disabled={pending} className={mode === 'temporary' ? 'w-full' : undefined}>
        {pending ? 'Saving…' : mode === 'temporary' ? 'Choose password and go on' : 'Change password'}
      </SubmitButton>
    </form>
  );
}
