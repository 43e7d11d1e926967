import type { Metadata } from 'next';
import Link from 'next/link';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import { ReviewStatusBadge } from '@/components/reviews/review-badges';
import { SystemFilters } from '@/components/systems/system-filters';
import { Badge, StatusBadge, TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { Pagination } from '@/components/ui/pagination';
import { PersonName } from '@/components/ui/person';
import { SortHeader } from '@/components/ui/sort-header';
import { Table, Td, Th } from '@/components/ui/table';
import { independentReads } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { pageWindow, parseSearchParams } from '@/lib/http/search-params';
import { listSystemOwners, listSystems } from '@/lib/inventory/queries';
import { ZListSystemsQuery } from '@/lib/inventory/schemas';
import { needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import { reviewDueBy, reviewStatusOf } from '@/lib/reviews/queries';
import { plural } from '@/lib/words';

export const metadata: Metadata = { title: 'AI systems' };

/** What the CSV link will hold, said beside it: the list's filters and sort apply to the file too. */
function exportNote(total: number, pages: number): string {
  if (total === 0) return 'No system matches: the file holds the column headings only';
  return `Exports the ${plural(total, 'system')} listed${pages > 1 ? ` on all ${pages} pages` : ''}: a row for each of their models`;
}

/**
 * The day the next review is due, as the reviews page says it: the periodic date, or the earlier day an open trigger
 * set (the periodic date then beneath it), with the badge when it is due now or overdue.
 */
function NextReview({ nextReviewDate, triggeredDueBy, now }: { nextReviewDate: string | null; triggeredDueBy: string | null; now: Date }) {
  const status = reviewStatusOf(nextReviewDate, triggeredDueBy, now);
  const dueBy = reviewDueBy(nextReviewDate, triggeredDueBy);
  const triggered = dueBy !== null && dueBy !== nextReviewDate;
  return (
    <>
      {formatDate(dueBy ?? nextReviewDate)}
      {status === 'overdue' || status === 'due_now' ? <span className="mt-1 block"><ReviewStatusBadge status={status} /></span> : null}
      {/* It wraps (the cell does not), so the column stays as wide as a date. */}
      {triggered ? <span className="block text-xs whitespace-normal text-slate-600">set by a trigger{nextReviewDate ? <>; periodic <span className="whitespace-nowrap">{formatDate(nextReviewDate)}</span></> : null}</span> : null}
    </>
  );
}

export default async function SystemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListSystemsQuery, await searchParams);
  // Independent reads: on PostgreSQL they run side by side, each on a connection of the pool.
  const [result, owners] = await independentReads(() => listSystems(actor, query), () => listSystemOwners(actor));
  const sortProps = { sort: query.sort, dir: query.dir, path: '/systems', params: raw };
  const { pages } = pageWindow({ page: query.page, pageSize: query.pageSize, total: result.total });
  const now = new Date();
  return (
    <>
      <PageHeader
        title="AI systems"
        description="The inventory of business uses of AI, with their EU AI Act risk tier and lifecycle status."
        actions={
          <>
            <CsvDownloadLink
              path="/api/v1/exports/inventory.csv"
              params={{ ...raw, page: undefined, pageSize: undefined }}
              label="Download inventory CSV"
              description="The systems of this list, with the same filters and order: each model with its owners, versions and production digest"
              note={exportNote(result.total, pages)}
            />
            {can(actor, 'system.create') ? <ButtonLink href="/systems/import" variant="secondary">Import a register</ButtonLink> : null}
            {can(actor, 'system.create') ? <ButtonLink href="/systems/new">Register a system</ButtonLink> : null}
          </>
        }
      />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <SystemFilters values={raw} owners={owners} />
      {result.total === 0 ? (
        <EmptyState title="No systems match these filters">Change or reset the filters to see more.</EmptyState>
      ) : result.items.length === 0 ? null : (
        <>
          {/* Seven columns need the width of a desktop; narrower screens get the same rows as cards. */}
          <Table caption="AI systems" cardsBelow="xl">
            <thead>
              <tr>
                <SortHeader label="Name" column="name" {...sortProps} />
                <SortHeader label="Risk tier" column="riskTier" {...sortProps} />
                <SortHeader label="Status" column="lifecycleStatus" {...sortProps} />
                <Th>Owners</Th>
                <Th numeric>Models</Th>
                <SortHeader label="Next review" column="nextReviewDate" {...sortProps} />
                <SortHeader label="Updated" column="updatedAt" {...sortProps} />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.items.map((s) => (
                <tr key={s.id} className="hover:bg-slate-50">
                  <Td className="max-w-64 min-w-48">
                    <Link href={`/systems/${s.id}`} className="font-medium break-words text-slate-900 hover:text-indigo-700">
                      {s.name}
                    </Link>
                    <p className="truncate text-xs text-slate-500 max-xl:line-clamp-2 max-xl:whitespace-normal" title={s.purpose}>{s.purpose}</p>
                    {s.thirdParty ? (
                      <p className="mt-1">
                        <Badge tone="indigo" title="Third-party AI service">Vendor: {s.vendorName}</Badge>
                      </p>
                    ) : null}
                  </Td>
                  <Td data-label="Risk tier">
                    <div className="flex flex-wrap items-start gap-1 xl:flex-col">
                      <TierBadge tier={s.riskTier} />
                      {s.generalPurposeModel ? <Badge tone="blue">GPAI</Badge> : null}
                      {s.lifecycleStatus !== 'retired' && !s.tierConfirmedAt && needsTierConfirmation(s.riskTier) ? <Badge tone="amber" title="A risk officer who neither owns nor classified it confirms this tier before production">Unconfirmed</Badge> : null}
                    </div>
                  </Td>
                  <Td data-label="Status"><StatusBadge status={s.lifecycleStatus} /></Td>
                  <Td data-label="Owners" className="max-w-40">
                    <p className="truncate"><PersonName person={{ name: s.ownerName, email: s.ownerEmail }} /></p>
                    <p className="truncate text-xs text-slate-500" title={`Business owner: ${s.businessOwner}`}>{s.businessOwner}</p>
                  </Td>
                  <Td data-label="Models" className="text-right whitespace-nowrap tabular-nums">
                    {plural(s.modelCount, 'model')}
                    <span className="sr-only">, </span>
                    <p className="text-xs text-slate-500 max-xl:ml-1 max-xl:inline max-xl:before:mr-1 max-xl:before:content-['·'_/_'']">{plural(s.versionCount, 'version')}</p>
                  </Td>
                  <Td data-label="Next review" className="whitespace-nowrap tabular-nums">
                    {/* A retired system is reviewed no more, as its page and the reviews lists say. */}
                    {s.lifecycleStatus === 'retired' ? <span className="text-slate-500">None: retired</span> : <NextReview nextReviewDate={s.nextReviewDate} triggeredDueBy={s.triggeredDueBy} now={now} />}
                  </Td>
                  <Td data-label="Updated" className="whitespace-nowrap tabular-nums">{formatDate(s.updatedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
      <Pagination path="/systems" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
