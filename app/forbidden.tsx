import Link from 'next/link';
import type { Role } from '@/db/schema';
import { currentActor } from '@/lib/auth/session';
import { humanize } from '@/lib/words';

/** What each role is for, in the words of the role table in DESIGN.md. */
const ROLE_ALLOWS: Record<Role, string> = {
  data_scientist: 'register systems, models, datasets, training runs and evidence, and request promotions of your own versions',
  risk_officer: 'register and classify systems, and sign promotion requests',
  security_reviewer: 'record security evidence and sign promotion requests',
  auditor: 'read every record, verify the audit trail and export evidence packs',
  admin: 'manage users, API tokens and promotion policies',
};

/**
 * The 403 page: a page (or a form) the person's roles do not open. It says what those roles do allow and leads
 * back; signed in, app/(app)/forbidden.tsx shows it inside the app shell.
 */
export default async function ForbiddenPage() {
  const actor = await currentActor();
  const roles = actor?.roles ?? [];
  return (
    <div className="mx-auto max-w-xl px-4 py-16 sm:py-24">
      <p className="text-sm font-semibold text-rose-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">You are not allowed to do this</h1>
      <p className="mt-2 text-sm text-slate-600">This page needs a role you do not hold.</p>
      {actor ? (
        <div className="mt-4 text-sm text-slate-700" data-testid="forbidden-roles">
          <p>
            You are signed in as {actor.name}{roles.length ? ` (${roles.map(humanize).join(', ')})` : ', with no role'}.
            {roles.length ? ' Your roles let you:' : ' Until you hold a role, you can only see your home page and your account.'}
          </p>
          {roles.length ? (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              <li>read the inventory, models, datasets, lineage and approvals</li>
              {roles.map((role) => <li key={role}>{ROLE_ALLOWS[role]}</li>)}
            </ul>
          ) : null}
          <p className="mt-3 text-slate-600">If your work needs this page, ask an administrator for the role.</p>
        </div>
      ) : null}
      <div className="mt-6 flex flex-wrap gap-x-6 gap-y-2 text-sm font-medium">
        <Link href="/" className="text-indigo-700 hover:underline">Back to the dashboard</Link>
        {roles.length ? <Link href="/systems" className="text-indigo-700 hover:underline">AI systems</Link> : <Link href="/account" className="text-indigo-700 hover:underline">Your account</Link>}
      </div>
    </div>
  );
}
