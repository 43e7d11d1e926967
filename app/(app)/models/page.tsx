import type { Metadata } from 'next';
import Link from 'next/link';
import { TierBadge } from '@/components/ui/badge';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { SearchForm } from '@/components/ui/search-form';
import { Table, Td, Th } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listModels } from '@/lib/inventory/queries';
import { ZListModelsQuery } from '@/lib/inventory/schemas';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZListModelsQuery, await searchParams);
  const result = listModels(actor, query);
  return (
    <>
      <PageHeader title="Models" description="Every model line across the inventory. Register new models from their AI system’s page." />
      <SearchForm label="Search models" defaultValue={raw.q} />
      {result.total === 0 ? (
        <EmptyState title="No models found" />
      ) : (
        <Table caption="Models">
          <thead>
            <tr><Th>Model</Th><Th>AI system</Th><Th>Risk tier</Th><Th numeric>Versions</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.items.map((m) => (
              <tr key={m.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/models/${m.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{m.name}</Link>
                  <p className="text-xs text-slate-500">{m.task}</p>
                </Td>
                <Td><Link href={`/systems/${m.systemId}`} className="hover:text-indigo-700">{m.systemName}</Link></Td>
                <Td><TierBadge tier={m.riskTier} /></Td>
                <Td className="text-right tabular-nums">{m.versionCount}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/models" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
