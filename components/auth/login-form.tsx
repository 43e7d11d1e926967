'use client';

import { signIn } from 'next-auth/react';
import { useEffect, useRef, useState, useSyncExternalStore, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, RequiredNote, TextField } from '@/components/ui/form';
import { safeCallbackPath } from '@/lib/auth/callback-url';

const noSubscription = () => () => undefined;

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  // A new object per failed attempt, so focus returns to the message after each one.
  const [failure, setFailure] = useState<{ message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  // Until this script runs, the form cannot be sent: a browser would send it itself, password and all.
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  useEffect(() => {
    if (failure) form.current?.querySelector<HTMLElement>('[data-error-summary]')?.focus();
  }, [failure]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await signIn('credentials', { email: data.get('email'), password: data.get('password'), redirect: false });
      // Checked again where it is followed: only a path on this site, whatever the prop says.
      if (result?.ok && !result.error) window.location.assign(safeCallbackPath(callbackUrl));
      else setFailure({ message: result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Invalid email or password.' });
    });
  };
  return (
    // POST, never a GET: a form sent before the script runs must not put the password in the address, history and logs.
    <form ref={form} method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormMessage message={failure?.message ?? null} />
      <RequiredNote />
      <TextField label="Email" name="email" type="email" autoComplete="username" required errors={{}} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={{}} />
      <Button type="submit" disabled={pending || !ready} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
