import Link from 'next/link';
import type { Role } from '@/db/schema';
import { humanize } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';

/**
 * Home for a person who holds no role yet: what waits for confirmation, who confirms it, and what they may do
 * meanwhile. Every other page answers them with the 403 page.
 */
export function NoRoleYet({ name, pending }: { name: string; pending: Role[] }) {
  return (
    <>
      <PageHeader title={`Welcome, ${name}`} description="You hold no role yet, so there is nothing here to read or do." />
      <Card title={pending.length ? 'Waiting for confirmation' : 'No role given'} className="max-w-2xl">
        <div className="space-y-3 text-sm text-slate-700" data-testid="no-role-yet">
          {pending.length ? (
            <>
              <p>
                Your {pending.map((role) => humanize(role).toLowerCase()).join(' and ')} {pending.length > 1 ? 'roles wait' : 'role waits'} for someone who
                already holds {pending.length > 1 ? 'them' : 'it'} to confirm {pending.length > 1 ? 'them' : 'it'}: a role that signs or administers is never
                given by one person alone.
              </p>
              <p>You will see your work here once it is confirmed. If it takes long, ask your administrator who confirms roles.</p>
            </>
          ) : (
            <p>Ask an administrator for the role your work needs.</p>
          )}
          <p>
            Meanwhile you can <Link href="/account" className="font-medium text-indigo-700 underline">see your account and change your password</Link>.
          </p>
        </div>
      </Card>
    </>
  );
}
