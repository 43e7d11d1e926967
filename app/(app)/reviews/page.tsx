import type { Metadata } from 'next';
import Link from 'next/link';
import { ReviewsTable } from '@/components/reviews/reviews-table';
import { humanize } from '@/components/ui/badge';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { FilterForm, FilterSelect } from '@/components/ui/filter-form';
import { Pagination } from '@/components/ui/pagination';
import { RISK_TIERS } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listReviews } from '@/lib/reviews/queries';
import { ZListReviewsQuery } from '@/lib/reviews/schemas';

export const metadata: Metadata = { title: 'Reviews' };

const STATUS_OPTIONS = [
  { value: 'attention', label: 'Overdue and due now' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'due_now', label: 'Due now' },
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'signed', label: 'Signed reviews' },
];

const EMPTY: Record<string, string> = {
  attention: 'No review is overdue or due now.',
  overdue: 'No review is overdue.',
  due_now: 'No review is due now.',
  upcoming: 'No review is scheduled.',
  signed: 'No review has been signed yet.',
};

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZListReviewsQuery, await searchParams);
  const list = await listReviews(actor, query);
  // With no state chosen the page leads with what needs doing and ends with the latest signatures.
  const recent = query.status ? null : await listReviews(actor, { status: 'signed', riskTier: query.riskTier, page: 1, pageSize: 5 });
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Periodic and triggered reviews of AI systems: overdue and due now first, then upcoming by date. A risk officer signs a review on the system's reviews page."
      />
      <FilterForm resetHref="/reviews">
        <FilterSelect label="State" name="status" value={raw.status} allLabel="All to review" options={STATUS_OPTIONS} />
        <FilterSelect label="Risk tier" name="riskTier" value={raw.riskTier} allLabel="All tiers" options={RISK_TIERS.map((t) => ({ value: t, label: humanize(t) }))} />
      </FilterForm>
      {list.total === 0 ? (
        <EmptyState title={EMPTY[query.status ?? ''] ?? 'No system has a review scheduled or due.'}>
          A system&apos;s first review is scheduled when it first reaches production (or by its owner on the system&apos;s edit page); a new upstream dataset version, an expired waiver, a critical finding or a material policy change makes it due now.
        </EmptyState>
      ) : (
        <ReviewsTable items={list.items} caption={query.status ? STATUS_OPTIONS.find((o) => o.value === query.status)!.label : 'Systems to review'} />
      )}
      <Pagination path="/reviews" params={raw} page={query.page} pageSize={query.pageSize} total={list.total} />
      {recent ? (
        <div className="mt-6">
          <Card title="Recently signed" actions={recent.total > recent.items.length ? <Link href="/reviews?status=signed" className="text-sm font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">All signed reviews</Link> : null}>
            {recent.total === 0 ? <p className="text-sm text-slate-500">No review has been signed yet.</p> : <ReviewsTable items={recent.items} caption="Recently signed reviews" />}
          </Card>
        </div>
      ) : null}
    </>
  );
}
