import type { Metadata } from 'next';
import Link from 'next/link';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import { TierBadge, humanize } from '@/components/ui/badge';
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
import { ZApprovalQueueQuery } from '@/lib/promotion/schemas';

export const metadata: Metadata = { title: 'Approvals' };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZApprovalQueueQuery, await searchParams);
  const queue = await approvalQueue(actor, query);
  const awaiting = (item: (typeof queue.items)[number]) => {
    const { awaited } = approvalProgress(item.policyRules.requiredApprovers, item.signatures, item.request.status);
    return awaited.length ? `Awaiting: ${awaited.map((a) => humanize(a.role)).join(' and ')}` : 'Every required role has approved.';
  };
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Open promotion requests, oldest first. Review the frozen evidence and sign in the browser."
        actions={<CsvDownloadLink path="/api/v1/exports/signatures.csv" label="Download signatures CSV" description="Every signature given on any request, open or closed, with the snapshot digest the signer saw" />}
      />
      <FilterForm resetHref="/approvals">
        <FilterSelect label="Risk tier" name="riskTier" value={raw.riskTier} allLabel="All tiers" options={RISK_TIERS.map((t) => ({ value: t, label: humanize(t) }))} />
        <FilterInput label="Waiting at least (days)" name="minAgeDays" type="number" min={0} defaultValue={raw.minAgeDays} className="w-32" />
      </FilterForm>
      {queue.total === 0 ? (
        <EmptyState title="Nothing waiting">Promotion requests appear here when a data scientist submits one.</EmptyState>
      ) : (
        <Table caption="Open promotion requests" cardsBelow="xl">
          <thead>
            <tr><Th>Version</Th><Th>Target</Th><Th>Risk tier</Th><Th>Requested</Th><Th>Signatures</Th></tr>
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
                <Td data-label="Signatures" className="text-xs max-xl:col-span-2">
                  {awaiting(item)}
                  {item.signatures.length ? <p className="text-slate-500">Signed by {item.signatures.map((s) => s.printedName).join(', ')}</p> : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/approvals" params={raw} page={query.page} pageSize={query.pageSize} total={queue.total} />
    </>
  );
}
