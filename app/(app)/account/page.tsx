import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { humanize } from '@/components/ui/badge';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { getUserRecord } from '@/lib/users/queries';
import { changeOwnPasswordAction } from './actions';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const actor = await requirePageActor({ roleless: 'allowed' });
  const me = await forPage(async () => await getUserRecord(actor.userId));
  return (
    <>
      <PageHeader title="Your account" description="Your name and roles are kept by an administrator; your password is yours alone." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Account">
          <Facts
            narrow
            items={[
              ['Name', me.name],
              ['Email', me.email],
              ['Roles', me.roles.map(humanize).join(', ') || 'No role'],
              ['Password', me.passwordChangedAt ? `Chosen by you, ${formatDateTime(me.passwordChangedAt)}` : 'Chosen when the account was made'],
              ['Last sign-in', formatDateTime(me.lastSignInAt)],
            ]}
          />
        </Card>
        <Card title="Change your password">
          <p className="mb-4 text-sm text-slate-600">Changing it signs you out everywhere else: on other browsers and devices.</p>
          <ChangePasswordForm action={changeOwnPasswordAction} email={me.email} mode="own" />
        </Card>
      </div>
    </>
  );
}
