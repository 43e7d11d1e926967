import type { Metadata } from 'next';
import { CreateUserButton, EditUserButton, ResetPasswordButton } from '@/components/admin/user-dialogs';
import { Badge, humanize } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { isTemporaryPassword } from '@/db/schema/vocabulary';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { listUsers } from '@/lib/users/queries';
import { createUserAction, resetPasswordAction, updateUserAction } from './actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requirePageActor();
  const people = await forPage(async () => await listUsers(actor));
  return (
    <>
      <PageHeader title="Users and roles" description="Changes apply on the person’s next click. A password you set is temporary: they choose their own at sign-in. A risk officer, security reviewer or admin role you give is in force once another holder confirms it." actions={<><ButtonLink href="/role-grants" variant="secondary">Role confirmations</ButtonLink><CreateUserButton action={createUserAction} /></>} />
      <Table caption="Users" cardsBelow="md">
        <thead>
          <tr><Th>Person</Th><Th>Roles</Th><Th>Status</Th><Th>Password</Th><Th>Last sign-in</Th><Th><span className="sr-only">Actions</span></Th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {people.map((u) => (
            <tr key={u.id}>
              <Td>
                <div className="font-medium text-slate-900">{u.name}</div>
                <div className="text-xs wrap-anywhere text-slate-500">{u.email}</div>
              </Td>
              <Td data-label="Roles">
                <div className="flex flex-wrap gap-1">
                  {u.roles.map((r) => <Badge key={r} tone="indigo">{humanize(r)}</Badge>)}
                  {u.pendingRoles.map((r) => <Badge key={r} tone="amber" title="Given, and in force once someone else who holds it confirms it">{humanize(r)}: to be confirmed</Badge>)}
                </div>
              </Td>
              <Td data-label="Status">{u.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</Td>
              <Td data-label="Password">
                {isTemporaryPassword(u.passwordSetBy)
                  ? <Badge tone="amber" title="Set by an administrator or on the command line; its owner has not yet chosen their own">Temporary</Badge>
                  : <span className="whitespace-nowrap">{u.passwordChangedAt ? `Own, since ${formatDate(u.passwordChangedAt)}` : 'Own'}</span>}
              </Td>
              <Td data-label="Last sign-in" className="whitespace-nowrap">{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'Never'}</Td>
              <Td className="text-right">
                <div className="flex flex-wrap justify-end gap-2 md:flex-nowrap md:whitespace-nowrap">
                  <EditUserButton user={{ ...u, roles: [...u.roles, ...u.pendingRoles] }} action={updateUserAction.bind(null, u.id)} />
                  {u.id === actor.userId ? null : <ResetPasswordButton user={u} action={resetPasswordAction.bind(null, u.id)} />}
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
