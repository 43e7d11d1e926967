import type { Metadata } from 'next';
import { DecideRoleGrantButton, WithdrawRoleGrantButton } from '@/components/admin/role-grant-buttons';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { mayDecideGrant, pendingRoleGrants } from '@/lib/users/role-grants';
import { humanize } from '@/lib/words';
import { decideRoleGrantAction, withdrawRoleGrantAction } from './actions';

export const metadata: Metadata = { title: 'Role confirmations' };

/** Signing roles an admin granted, awaiting someone who holds the role: they confirm or refuse; an admin may withdraw. */
export default async function RoleGrantsPage() {
  const actor = await requirePageActor();
  const grants = await pendingRoleGrants(actor);
  const admin = can(actor, 'user.manage');
  return (
    <>
      <PageHeader
        title="Role confirmations"
        description="A signing role (risk officer, security reviewer) an administrator grants is the person's once someone who already holds it, other than the administrator and the person, confirms it with their password: no administrator makes a signer of an account alone."
      />
      {grants.length === 0 ? (
        <EmptyState title="No role awaits confirmation" />
      ) : (
        <Table caption="Roles awaiting confirmation" cardsBelow="md">
          <thead>
            <tr><Th>Person</Th><Th>Role</Th><Th>Granted by</Th><Th>Since</Th><Th><span className="sr-only">Actions</span></Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {grants.map((g) => {
              const role = humanize(g.role).toLowerCase();
              return (
                <tr key={g.id}>
                  <Td><span className="block font-medium text-slate-900">{g.name}</span><span className="block text-xs break-all text-slate-500">{g.email}</span></Td>
                  <Td data-label="Role">{humanize(g.role)}</Td>
                  <Td data-label="Granted by">{g.grantedBy}</Td>
                  <Td data-label="Since" className="whitespace-nowrap">{formatDateTime(g.createdAt)}</Td>
                  <Td className="text-right max-md:col-span-2">
                    <div className="flex flex-wrap justify-end gap-2">
                      {mayDecideGrant(actor, g) ? <DecideRoleGrantButton grantId={g.id} person={g.name} role={role} action={decideRoleGrantAction} /> : null}
                      {admin ? <WithdrawRoleGrantButton person={g.name} role={role} action={withdrawRoleGrantAction.bind(null, g.id)} /> : null}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </>
  );
}
