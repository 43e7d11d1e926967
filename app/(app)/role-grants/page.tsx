import type { Metadata } from 'next';
import { DecideRoleGrantButton } from '@/components/admin/role-grant-dialog';
import { Badge, humanize } from '@/components/ui/badge';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { isTemporaryPassword } from '@/db/schema/vocabulary';
import { requirePageActor } from '@/lib/auth/session';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { DECIDED_SHOWN, decisionFor, roleGrantsPage, type RoleGrantRow } from '@/lib/users/role-grant-queries';
import { decideRoleGrantAction } from './actions';

export const metadata: Metadata = { title: 'Role confirmations' };

const DECISION_TONES = { confirmed: 'green', rejected: 'red', withdrawn: 'gray', pending: 'amber' } as const;

/** What the confirmer should know of the account before vouching for it, its password's history first. */
function AccountFacts({ row }: { row: RoleGrantRow }) {
  const { person, passwordOrigin } = row;
  const setBy = passwordOrigin ? `password set by ${passwordOrigin.by} ${formatDateTime(passwordOrigin.at)}` : 'password chosen by the person';
  const now = isTemporaryPassword(person.passwordSetBy) ? 'not yet replaced' : person.passwordChangedAt && passwordOrigin ? `their own since ${formatDateTime(person.passwordChangedAt)}` : '';
  return (
    <div className="text-xs text-slate-500">
      {person.email} · account made {formatDate(person.createdAt)} · {[setBy, now].filter(Boolean).join(', ')} · {person.lastSignInAt ? `last signed in ${formatDateTime(person.lastSignInAt)}` : 'never signed in'}
    </div>
  );
}

/** Who put the grant here: an administrator giving the role, or resetting the password of someone who held it. */
const GIVEN = { given: '', password_reset: 'Password reset by ', reenabled: 'Enabled again by ', upgrade: 'Held before own passwords; account made by ' } as const;
const givenBy = (row: Pick<RoleGrantRow, 'grant' | 'grantedBy'>) => `${GIVEN[row.grant.reason]}${row.grantedBy}, ${formatDateTime(row.grant.createdAt)}`;

export default async function RoleGrantsPage() {
  const actor = await requirePageActor();
  const { pending, decided } = await forPage(async () => await roleGrantsPage(actor));
  return (
    <>
      <PageHeader
        title="Role confirmations"
        description="A risk officer, security reviewer or admin role an administrator gives, or that its holder had until an administrator reset their password, is in force once someone else who holds that role confirms it here, with their password: no administrator makes a signer alone."
      />
      <h2 className="mb-3 text-base font-semibold text-slate-900">Waiting for confirmation</h2>
      {pending.length === 0 ? (
        <EmptyState title="No role waits for confirmation." />
      ) : (
        <Table caption="Roles waiting for confirmation" cardsBelow="md">
          <thead>
            <tr><Th>Person</Th><Th>Role</Th><Th>Given by</Th><Th><span className="sr-only">Decision</span></Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {pending.map((row) => {
              const what = `${humanize(row.grant.role)} for ${row.person.name}`;
              const decision = decisionFor(actor, row);
              return (
                <tr key={row.grant.id}>
                  <Td>
                    <div className="font-medium text-slate-900">{row.person.name}</div>
                    <AccountFacts row={row} />
                  </Td>
                  <Td data-label="Role"><Badge tone="amber">{humanize(row.grant.role)}</Badge></Td>
                  <Td data-label="Given by">{givenBy(row)}</Td>
                  <Td className="text-right">
                    {decision.may
                      ? <DecideRoleGrantButton grantId={row.grant.id} what={what} action={decideRoleGrantAction} />
                      : <span className="text-xs text-slate-500">{decision.why}</span>}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <h2 className="mt-8 mb-3 text-base font-semibold text-slate-900">Decided</h2>
      {decided.length === 0 ? (
        <EmptyState title="No role given in the browser has been decided yet." />
      ) : (
        <Table caption={`The latest ${DECIDED_SHOWN} decided grants`} cardsBelow="md">
          <thead>
            <tr><Th>Person</Th><Th>Role</Th><Th>Decision</Th><Th>Given by</Th><Th>Comment</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {decided.map((row) => (
              <tr key={row.grant.id}>
                <Td>
                  <div className="font-medium text-slate-900">{row.person.name}</div>
                  <div className="text-xs text-slate-500">{row.person.email}</div>
                </Td>
                <Td data-label="Role">{humanize(row.grant.role)}</Td>
                <Td data-label="Decision">
                  <Badge tone={DECISION_TONES[row.grant.status]}>{humanize(row.grant.status)}</Badge>
                  <div className="mt-1 text-xs text-slate-500">{row.decidedBy ?? 'Command line'}, {formatDateTime(row.grant.decidedAt)}</div>
                </Td>
                <Td data-label="Given by">{givenBy(row)}</Td>
                <Td data-label="Comment" className="max-w-sm whitespace-pre-line wrap-anywhere">{row.grant.decisionComment ?? ''}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
