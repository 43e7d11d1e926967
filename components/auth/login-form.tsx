'use client';

import { signIn } from 'next-auth/react';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { FormMessage, RequiredNote, TextField } from '@/components/ui/form';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import type { DemoAccount } from '@/lib/seed/demo-accounts';
import { SubmitButton, useHydrated } from '@/components/ui/submit-button';

export function LoginForm({ callbackUrl, demo }: { callbackUrl: string; demo?: { accounts: DemoAccount[]; password: string } }) {
  // A new object per failed attempt, so focus returns to the message after each one.
  const [failure, setFailure] = useState<{ message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  // Until this script runs, the form cannot be sent: a browser would send it itself, password and all.
  const ready = useHydrated();
  useEffect(() => {
    if (failure) form.current?.querySelector<HTMLElement>('[data-error-summary]')?.focus();
  }, [failure]);
  const signInWith = (email: FormDataEntryValue | null, password: FormDataEntryValue | null) =>
    startTransition(async () => {
      const result = await signIn('credentials', { email, password, redirect: false });
      // Checked again where it is followed: only a path on this site, whatever the prop says.
      if (result?.ok && !result.error) window.location.assign(safeCallbackPath(callbackUrl));
      else setFailure({ message: result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Invalid email or password.' });
    });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    signInWith(data.get('email'), data.get('password'));
  };
  return (
    // POST, never a GET: a form sent before the script runs must not put the password in the address, history and logs.
    <form ref={form} method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormMessage message={failure?.message ?? null} />
      <RequiredNote />
      <TextField label="Email" name="email" type="email" autoComplete="username" required errors={{}} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={{}} />
      <SubmitButton disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </SubmitButton>
      {demo && demo.accounts.length > 0 ? (
        <section aria-labelledby="demo-accounts" className="border-t border-slate-200 pt-4">
          <h2 id="demo-accounts" className="text-sm font-semibold text-slate-900">Demo accounts</h2>
          <p className="mt-1 text-xs text-slate-500">
            This server runs the demo. Choose a person to continue as them; each account&apos;s password is <span className="whitespace-nowrap font-mono">{demo.password}</span>.
          </p>
          <ul className="mt-2 space-y-1">
            {demo.accounts.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  disabled={pending || !ready}
                  onClick={() => signInWith(account.email, demo.password)}
                  className="flex w-full items-baseline justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-800 ring-1 ring-inset ring-slate-200 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400"
                >
                  <span className="font-medium">{account.name}</span>
                  <span className="text-xs text-slate-500">{account.roles}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </form>
  );
}
