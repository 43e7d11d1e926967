import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { Logo } from '@/components/layout/logo';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { currentActor } from '@/lib/auth/session';
import { demoAccountsOnSignIn } from '@/lib/seed/demo-accounts';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentActor()) redirect('/');
  const safeCallback = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <Logo large className="mb-6 justify-center" />
        <div className="rounded-xl bg-white p-8 shadow-xl">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">AI governance: inventory, evidence and sign-off.</p>
          <LoginForm callbackUrl={safeCallback} demo={await demoAccountsOnSignIn()} />
        </div>
      </div>
    </main>
  );
}
