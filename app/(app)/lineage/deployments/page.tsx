import type { Metadata } from 'next';
import Link from 'next/link';
import { DeploymentsTable } from '@/components/lineage-graph/deployments-table';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { Pagination } from '@/components/ui/pagination';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listDeployments } from '@/lib/lineage/queries';
import { ZListDeploymentsQuery } from '@/lib/lineage/schemas';
import { DEPLOYMENT_ENVIRONMENTS } from '@/db/schema';
import { humanize, plural } from '@/lib/words';
import { handOverOffer } from '../hand-over-offer';

export const metadata: Metadata = { title: 'Deployments' };

export default async function DeploymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListDeploymentsQuery, await searchParams);
  const result = await listDeployments(actor, query);
  const handOver = result.total > 0 ? await handOverOffer(actor) : undefined;
  const filtered = Boolean(query.q || query.environment || query.integrity || query.approval);
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/lineage" className="hover:text-slate-700">Lineage</Link>}
        title="Deployments"
        description="Every endpoint that reported which model bytes it runs, the most recently reported first, and whether those bytes are the registered version's."
        actions={can(actor, 'deployment.report') ? <ButtonLink href="/lineage/deployments/new">Report a deployment</ButtonLink> : null}
      />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <FilterForm resetHref="/lineage/deployments" keep={{ pageSize: raw.pageSize }}>
        <FilterInput label="Endpoint" name="q" type="search" defaultValue={raw.q} placeholder="Words in the endpoint" className="w-64" />
        <FilterSelect label="Environment" name="environment" value={raw.environment} allLabel="Any environment" options={DEPLOYMENT_ENVIRONMENTS.map((value) => ({ value, label: humanize(value) }))} />
        <FilterSelect label="Integrity" name="integrity" value={raw.integrity} allLabel="Any" options={[{ value: 'flagged', label: 'Flagged (mismatch or untracked)' }, { value: 'matches', label: 'Matches' }]} />
        <FilterSelect label="Approval" name="approval" value={raw.approval} allLabel="Any version" options={[{ value: 'unapproved', label: 'Version not approved where it runs' }]} />
      </FilterForm>
      {result.total === 0 ? (
        <EmptyState title={filtered ? 'No deployments match these filters' : 'No deployments reported'}>
          {filtered ? 'Change or reset the filters to see more.' : can(actor, 'deployment.report') ? 'Services report the digest they run with POST /api/v1/deployments, or report one here.' : 'No service has reported which model bytes it runs yet.'}
        </EmptyState>
      ) : (
        <DeploymentsTable rows={result.items} caption={`Deployments: ${plural(result.total, 'match', 'matches')}`} handOver={handOver} />
      )}
      <Pagination path="/lineage/deployments" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
