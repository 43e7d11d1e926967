import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { changeOwnPasswordAction } from '@/app/(app)/account/actions';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { Logo } from '@/components/layout/logo';
import { SignOutButton } from '@/components/layout/sign-out-button';
import { currentActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { temporaryPasswordOrigin } from '@/lib/users/queries';

export const metadata: Metadata = { title: 'Choose your password' };

/** Where a sign-in with an administrator's temporary password lands, whatever page it asked for. */
export default async function ChoosePasswordPage() {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  if (!actor.mustChoosePassword) redirect('/');
  const origin = await temporaryPasswordOrigin(actor.userId);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-900 px-4 py-8">
      <div className="w-full max-w-sm">
        <Logo large className="mb-6 justify-center" />
        <div className="rounded-xl bg-white p-8 shadow-xl">
          <h1 className="text-lg font-semibold text-slate-900">Choose your password</h1>
          <p className="mt-1 text-sm text-slate-600">
            {origin ? <>{origin.by} set the password you signed in with, on {formatDateTime(origin.at)}. </> : <>An administrator set the password you signed in with. </>}
            Choose one only you know: what you sign and approve here is recorded under your name.
          </p>
          <div className="mt-6">
            <ChangePasswordForm action={changeOwnPasswordAction} email={actor.email} mode="temporary" />
          </div>
        </div>
        <p className="mt-4 text-center text-sm text-slate-400">
          Signed in as {actor.email}. <span className="[&_button]:text-slate-300 [&_button]:underline"><SignOutButton /></span>
        </p>
      </div>
    </main>
  );
}
