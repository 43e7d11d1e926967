import type { Metadata } from 'next';
import { FindingsAgeChart } from '@/components/findings/findings-age-chart';
import { FindingsFilters } from '@/components/findings/findings-filters';
import { FindingsTable } from '@/components/findings/findings-table';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { independentReads } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { findingsBySeverityAndAge } from '@/lib/findings/findings-by-age';
import { assignableUsers, listFindings } from '@/lib/findings/queries';
import { ZListFindingsQuery } from '@/lib/findings/schemas';
import { parseSearchParams } from '@/lib/http/search-params';
import { plural } from '@/lib/words';

export const metadata: Metadata = { title: 'Findings' };

/** One sentence for the chart, so the figure says what matters without reading the bars. */
function chartSummary(rows: Awaited<ReturnType<typeof findingsBySeverityAndAge>>) {
  const total = (row: (typeof rows)[number]) => row.critical + row.high + row.medium + row.low;
  const active = rows.reduce((sum, row) => sum + total(row), 0);
  const overdue = active - total(rows[0]!);
  const serious = rows.reduce((sum, row) => sum + row.critical + row.high, 0);
  const seriousOverdue = rows.slice(1).reduce((sum, row) => sum + row.critical + row.high, 0);
  if (active === 0) return 'No active findings.';
  // Each count stands alone: "0 overdue, of which 0 critical" read as if none were critical at all.
  return `${plural(active, 'active finding')}: ${serious.toLocaleString('en')} critical or high; ${overdue.toLocaleString('en')} overdue (${seriousOverdue.toLocaleString('en')} of them critical or high).`;
}

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListFindingsQuery, await searchParams);
  // Independent reads: on PostgreSQL they run side by side, each on a connection of the pool.
  const [result, ages, owners] = await independentReads(() => listFindings(actor, query), () => findingsBySeverityAndAge(actor), () => assignableUsers(actor));
  return (
    <>
      <PageHeader
        title="Findings"
        description="Problems with an owner and a due date, from validation, monitoring breaches, tools and audits. Overdue ones come first, then by severity."
        actions={can(actor, 'finding.raise') ? <ButtonLink href="/findings/new">Raise a finding</ButtonLink> : null}
      />
      <Card title="Every active finding by severity and lateness" className="mb-6">
        <p className="mb-2 text-sm text-slate-600">{chartSummary(ages)} The filters below choose the list, not this chart.</p>
        <FindingsAgeChart data={ages} />
      </Card>
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <FindingsFilters values={raw} owners={owners} />
      {result.total === 0 ? (
        <EmptyState title="No findings match these filters">
          {query.status === 'active' ? 'Nothing active needs work here. Choose "Any status" to see closed and accepted ones, or raise a finding.' : 'Change or reset the filters to see more.'}
        </EmptyState>
      ) : (
        <FindingsTable items={result.items} caption={`Findings: ${plural(result.total, 'match', 'matches')}`} />
      )}
      <Pagination path="/findings" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
