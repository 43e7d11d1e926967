import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { currentActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentActor()) redirect('/');
  const { callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  return (
    <div className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden className="grid size-9 place-items-center rounded-lg bg-indigo-500 text-lg font-bold text-white">P</span>
          <span className="text-xl font-semibold tracking-tight text-white">Provenant</span>
        </div>
        <div className="rounded-xl bg-white p-8 shadow-xl">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">AI governance: inventory, evidence and sign-off.</p>
          <LoginForm callbackUrl={safeCallback} />
        </div>
      </div>
    </div>
  );
}
