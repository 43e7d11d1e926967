import type { Metadata } from 'next';
import Link from 'next/link';
import { RunsTable } from '@/components/lineage-graph/runs-table';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { Pagination } from '@/components/ui/pagination';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listRuns } from '@/lib/lineage/queries';
import { TRAINING_RUN_STATES, ZListRunsQuery } from '@/lib/lineage/schemas';
import { humanize } from '@/lib/words';

export const metadata: Metadata = { title: 'Training runs' };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListRunsQuery, await searchParams);
  const result = await listRuns(actor, query);
  const filtered = Boolean(query.q || query.state);
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/lineage" className="hover:text-slate-700">Lineage</Link>}
        title="Training runs"
        description="Runs recorded here or sent as OpenLineage events by pipelines (Airflow, dbt, Spark and others), newest first."
        actions={can(actor, 'lineage.record') ? <ButtonLink href="/lineage/runs/new">Record a training run</ButtonLink> : null}
      />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <FilterForm resetHref="/lineage/runs" keep={{ pageSize: raw.pageSize }}>
        <FilterInput label="Job or run id" name="q" type="search" defaultValue={raw.q} placeholder="Words in the job or run id" className="w-64" />
        <FilterSelect label="State" name="state" value={raw.state} allLabel="Any state" options={TRAINING_RUN_STATES.map((value) => ({ value, label: value === 'OTHER' ? 'Other, or known only as a parent' : humanize(value.toLowerCase()) }))} />
      </FilterForm>
      {result.total === 0 ? (
        <EmptyState title={filtered ? 'No runs match these filters' : 'No training runs yet'}>{filtered ? 'Change or reset the filters to see more.' : 'Record one here, or send OpenLineage events from your pipelines.'}</EmptyState>
      ) : (
        <RunsTable runs={result.items} />
      )}
      <Pagination path="/lineage/runs" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
