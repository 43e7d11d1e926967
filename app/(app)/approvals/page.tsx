import type { Metadata } from 'next';
import Link from 'next/link';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import { Badge, TierBadge, humanize } from '@/components/ui/badge';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { Pagination } from '@/components/ui/pagination';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import { RISK_TIERS } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { approvalProgress } from '@/lib/promotion/approval-progress';
import { approvalQueue } from '@/lib/promotion/queries';
import { UNSIGNABLE_CHECKED_PAGE_SIZE, unsignableRequests } from '@/lib/promotion/request-staleness';
import { getDb } from '@/db';
import { UnsignableNote } from '@/components/promotion/unsignable-note';
import { APPROVAL_LIST_STATUSES, ZApprovalQueueQuery } from '@/lib/promotion/schemas';

export const metadata: Metadata = { title: 'Approvals' };

const STATUS_LABELS: Record<(typeof APPROVAL_LIST_STATUSES)[number], string> = {
  open: 'Open', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn', superseded: 'Superseded', closed: 'Any decided',
};
const OUTCOME_TONES: Record<string, 'green' | 'red' | 'gray'> = { approved: 'green', rejected: 'red', withdrawn: 'gray', superseded: 'gray' };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZApprovalQueueQuery, await searchParams);
  const queue = await approvalQueue(actor, query);
  const open = query.status === 'open';
  // The signing's test of the card, on a page of open requests of the usual size: a request whose card changed since
  // it was submitted awaits no one.
  const checked = open && query.pageSize <= UNSIGNABLE_CHECKED_PAGE_SIZE;
  const unsignable = checked ? await unsignableRequests(getDb(), queue.items.map((item) => item.request)) : new Map<string, string[]>();
  const awaiting = (item: (typeof queue.items)[number]) => {
    const changed = unsignable.get(item.request.id);
    if (changed) return <UnsignableNote changed={changed} requester={item.request.requesterId === actor.userId} />;
    const { awaited } = approvalProgress(item.policyRules.requiredApprovers, item.signatures, item.request.status);
    return awaited.length ? `Awaiting: ${awaited.map((a) => humanize(a.role)).join(' and ')}` : 'Every required role has approved.';
  };
  return (
    <>
      <PageHeader
        title="Approvals"
        description={open ? 'Open promotion requests, oldest first. Review the frozen evidence and sign in the browser.' : 'Decided promotion requests, most recently decided first, with who signed.'}
        actions={<CsvDownloadLink path="/api/v1/exports/signatures.csv" label="Download signatures CSV" description="Every signature given on any request, open or closed, with the snapshot digest the signer saw" />}
      />
      <FilterForm resetHref="/approvals">
        <FilterSelect label="Status" name="status" value={raw.status} allLabel="Open" options={APPROVAL_LIST_STATUSES.filter((s) => s !== 'open').map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect label="Risk tier" name="riskTier" value={raw.riskTier} allLabel="All tiers" options={RISK_TIERS.map((t) => ({ value: t, label: humanize(t) }))} />
        <FilterInput label={open ? "Waiting at least (days)" : "Requested at least (days ago)"} name="minAgeDays" type="number" min={0} defaultValue={raw.minAgeDays} className="w-32" />
      </FilterForm>
      {queue.total === 0 ? (
        open ? <EmptyState title="Nothing waiting">Promotion requests appear here when a data scientist submits one.</EmptyState> : <EmptyState title="No decided request matches">Change or reset the filters to see more.</EmptyState>
      ) : (
        <Table caption={open ? 'Open promotion requests' : `${STATUS_LABELS[query.status]} promotion requests`} cardsBelow="xl">
          <thead>
            <tr><Th>Version</Th><Th>Target</Th><Th>Risk tier</Th><Th>Requested</Th>{open ? null : <Th>Decided</Th>}<Th>Signatures</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {queue.items.map((item) => (
              <tr key={item.request.id}>
                <Td>
                  <Link href={`/approvals/${item.request.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{item.modelName} {item.version}</Link>
                  <p className="text-xs text-slate-500">{item.systemName}</p>
                </Td>
                <Td data-label="Target">{item.request.targetStage}{item.request.expeditedRollback ? ' (rollback)' : ''}</Td>
                <Td data-label="Risk tier"><TierBadge tier={item.riskTier} /></Td>
                <Td data-label="Requested" className="whitespace-nowrap">{formatDate(item.request.createdAt)}<p className="text-xs text-slate-500">by <PersonName person={{ name: item.requester, email: item.requesterEmail }} /></p></Td>
                {open ? null : (
                  <Td data-label="Decided" className="whitespace-nowrap">
                    <Badge tone={OUTCOME_TONES[item.request.status]}>{humanize(item.request.status)}</Badge>
                    {item.request.closedAt ? <p className="text-xs text-slate-500">{formatDate(item.request.closedAt)}</p> : null}
                  </Td>
                )}
                <Td data-label="Signatures" className="text-xs max-xl:col-span-2">
                  {open ? awaiting(item) : null}
                  {item.signatures.length ? <p className="text-slate-500">Signed by {item.signatures.map((s) => s.printedName).join(', ')}</p> : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {open && !checked && queue.total > 0 ? (
        <p className="mt-3 text-xs text-slate-500">On pages of more than {UNSIGNABLE_CHECKED_PAGE_SIZE} requests, whether each can still be signed is not checked here: each request&rsquo;s own page says so.</p>
      ) : null}
      <Pagination path="/approvals" params={raw} page={query.page} pageSize={query.pageSize} total={queue.total} />
    </>
  );
}
