import type { Metadata } from 'next';
import Link from 'next/link';
import { AddDatasetVersionButton } from '@/components/datasets/add-dataset-version-button';
import { Badge } from '@/components/ui/badge';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { formatBytes, formatDate } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getDataset } from '@/lib/inventory/queries';
import { createDatasetVersionAction } from '../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'dataset', id: (await params).id });
}

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const dataset = await forPage(async () => await getDataset(actor, id));
  const canAddVersion = can(actor, 'dataset.register');
  return (
    <>
      <PageHeader
        eyebrow={dataset.systemId ? <Link href={`/systems/${dataset.systemId}`} className="hover:text-slate-700">{dataset.systemName}</Link> : 'Datasets'}
        title={<span className="flex items-center gap-3">{dataset.name} {dataset.personalData ? <Badge tone="amber">Personal data</Badge> : null}</span>}
        description={dataset.description}
      />
      <div className="space-y-6">
        <Card title="Datasheet">
          <Facts items={[['Namespace', <Mono key="n">{dataset.namespace}</Mono>], ['License', dataset.license], ['Provenance', dataset.provenance], ['Registered', formatDate(dataset.createdAt)]]} />
        </Card>
        <Card title="Versions" actions={canAddVersion ? <AddDatasetVersionButton action={createDatasetVersionAction.bind(null, dataset.id)} /> : null}>
          {dataset.versions.length === 0 ? (
            <EmptyState title="No versions yet" />
          ) : (
            <Table caption="Dataset versions" cardsBelow="md">
              <thead>
                <tr><Th>Version</Th><Th>SHA-256</Th><Th numeric>Size</Th><Th>URI</Th><Th>Registered</Th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {dataset.versions.map((v) => (
                  <tr key={v.id}>
                    <Td className="font-mono">{v.version}</Td>
                    <Td data-label="SHA-256" className="max-w-xs">{v.sha256 ? <Mono title={v.sha256}>{v.sha256.slice(0, 16)}…</Mono> : '—'}</Td>
                    <Td data-label="Size" className="text-right tabular-nums">{formatBytes(v.size)}</Td>
                    <Td data-label="URI" className="max-w-xs max-md:col-span-2">{v.uri ? <Mono>{v.uri}</Mono> : '—'}</Td>
                    <Td data-label="Registered" className="whitespace-nowrap">{formatDate(v.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
