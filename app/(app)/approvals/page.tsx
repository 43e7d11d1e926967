import type { Metadata } from 'next';
import Link from 'next/link';
import { TierBadge, humanize } from '@/components/ui/badge';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { Table, Td, Th } from '@/components/ui/table';
import { RISK_TIERS } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { approvalQueue } from '@/lib/promotion/queries';
import { ZApprovalQueueQuery } from '@/lib/promotion/schemas';

export const metadata: Metadata = { title: 'Approvals' };

const CONTROL = 'rounded-md border-0 bg-white px-3 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300';

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZApprovalQueueQuery, await searchParams);
  const queue = approvalQueue(actor, query);
  const progress = (item: (typeof queue.items)[number]) =>
    item.policyRules.requiredApprovers.map((r) => `${humanize(r.role)} ${item.signatures.filter((s) => s.role === r.role && s.decision === 'approve').length}/${r.count}`).join(', ');
  return (
    <>
      <PageHeader title="Approvals" description="Open promotion requests, oldest first. Review the frozen evidence and sign in the browser." />
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Risk tier
          <select name="riskTier" defaultValue={raw.riskTier ?? ''} className={CONTROL}>
            <option value="">All tiers</option>
            {RISK_TIERS.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Waiting at least (days)
          <input name="minAgeDays" type="number" min={0} defaultValue={raw.minAgeDays} className={`${CONTROL} w-32`} />
        </label>
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
        <Link href="/approvals" className="px-1 py-2 text-sm text-slate-600 hover:text-slate-900">Reset</Link>
      </form>
      {queue.total === 0 ? (
        <EmptyState title="Nothing waiting">Promotion requests appear here when a data scientist submits one.</EmptyState>
      ) : (
        <Table caption="Open promotion requests">
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
                <Td>{item.request.targetStage}{item.request.expeditedRollback ? ' (rollback)' : ''}</Td>
                <Td><TierBadge tier={item.riskTier} /></Td>
                <Td className="whitespace-nowrap">{item.request.createdAt.slice(0, 10)}<p className="text-xs text-slate-500">by {item.requester}</p></Td>
                <Td className="text-xs">{progress(item)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/approvals" params={raw} page={query.page} pageSize={query.pageSize} total={queue.total} />
    </>
  );
}
