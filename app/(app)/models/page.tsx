import type { Metadata } from 'next';
import { ModelFilters } from '@/components/models/model-filters';
import { ModelList } from '@/components/models/model-list';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listModelRows } from '@/lib/inventory/model-list';
import { ZListModelRowsQuery } from '@/lib/inventory/model-list-query';
import { listSystemOwners } from '@/lib/inventory/queries';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListModelRowsQuery, await searchParams);
  const result = await listModelRows(actor, query);
  return (
    <>
      <PageHeader
        title="Models"
        description="Every model line across the inventory: its latest version and stage, and what runs in production."
        actions={can(actor, 'model.register') ? (
          <>
            <ButtonLink href="/models/import" variant="secondary">Import a vendor&apos;s ML-BOM</ButtonLink>
            <ButtonLink href="/models/new">Register model</ButtonLink>
          </>
        ) : null}
      />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <ModelFilters values={raw} owners={await listSystemOwners(actor)} />
      {result.total === 0 ? <EmptyState title="No models match these filters">Change or reset the filters to see more.</EmptyState> : null}
      {result.items.length ? <ModelList rows={result.items} sort={query.sort} dir={query.dir} params={raw} /> : null}
      <Pagination path="/models" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
