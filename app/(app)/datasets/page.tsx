import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { SearchForm } from '@/components/ui/search-form';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listDatasets } from '@/lib/inventory/queries';
import { ZListDatasetsQuery } from '@/lib/inventory/schemas';

export const metadata: Metadata = { title: 'Datasets' };

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZListDatasetsQuery, await searchParams);
  const result = await listDatasets(actor, query);
  return (
    <>
      <PageHeader
        title="Datasets"
        description="Training and evaluation data, named by OpenLineage namespace and name."
        actions={can(actor, 'dataset.register') ? <ButtonLink href="/datasets/new">Register a dataset</ButtonLink> : null}
      />
      <SearchForm label="Search datasets" defaultValue={raw.q} />
      {result.total === 0 ? (
        <EmptyState title="No datasets found">{raw.q ? 'Nothing matches this search; clear it to see every dataset.' : 'Registered datasets appear here.'}</EmptyState>
      ) : result.items.length === 0 ? null : (
        <Table caption="Datasets" cardsBelow="xl">
          <thead>
            <tr><Th>Dataset</Th><Th>License</Th><Th>Personal data</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.items.map((d) => (
              <tr key={d.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/datasets/${d.id}`} className="font-medium break-all text-slate-900 hover:text-indigo-700">{d.name}</Link>
                  <p className="font-mono text-xs break-all text-slate-500">{d.namespace}</p>
                </Td>
                <Td data-label="License">{d.license || '—'}</Td>
                <Td data-label="Personal data">{d.personalData ? <Badge tone="amber">Personal data</Badge> : 'No'}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/datasets" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
