'use client';

import { signIn } from 'next-auth/react';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, TextField } from '@/components/ui/form';
import { safeCallbackPath } from '@/lib/auth/callback-url';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await signIn('credentials', { email: data.get('email'), password: data.get('password'), redirect: false });
      // Checked again where it is followed: only a path on this site, whatever the prop says.
      if (result?.ok && !result.error) window.location.assign(safeCallbackPath(callbackUrl));
      else setMessage(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Invalid email or password.');
    });
  };
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormMessage message={message} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required errors={{}} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={{}} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
