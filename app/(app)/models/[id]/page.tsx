import type { Metadata } from 'next';
import Link from 'next/link';
import { ScanBadge, StageBadge, TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { formatBytes, formatDate } from '@/components/ui/format';
import { formatName } from '@/lib/artifacts/format-name';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { getModel } from '@/lib/inventory/queries';
import { plural } from '@/lib/words';

export const metadata: Metadata = { title: 'Model' };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const model = forPage(() => getModel(actor, id));
  const canRegister = can(actor, 'model.register', { ownerIds: [model.systemOwnerId, model.createdById] });
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/systems/${model.systemId}`} className="hover:text-slate-700">{model.systemName}</Link>}
        title={<span className="flex items-center gap-3">{model.name} <TierBadge tier={model.riskTier} /></span>}
        description={model.description || model.task}
        actions={canRegister ? <ButtonLink href={`/models/${model.id}/versions/new`}>Register version</ButtonLink> : null}
      />
      {model.versions.length === 0 ? (
        <EmptyState title="No versions yet">Register a version by uploading its artifact, or with the SHA-256 of its bytes.</EmptyState>
      ) : (
        <>
          <h2 className="mb-2 text-sm font-semibold text-slate-900">{plural(model.versions.length, 'version')}</h2>
          <Table caption="Versions">
            <thead>
              <tr><Th>Version</Th><Th>Stage</Th><Th>Format</Th><Th>Artifact SHA-256</Th><Th numeric>Size</Th><Th>Scan</Th><Th>Registered</Th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {model.versions.map(({ version: v, registeredBy }) => (
                <tr key={v.id} className="hover:bg-slate-50">
                  <Td><Link href={`/models/${model.id}/versions/${v.id}`} className="font-mono font-medium text-slate-900 hover:text-indigo-700">{v.version}</Link></Td>
                  <Td><StageBadge stage={v.stage} /></Td>
                  <Td className="whitespace-nowrap">{formatName(v.format)}</Td>
                  <Td className="max-w-xs"><Mono title={v.artifactSha256}>{v.artifactSha256.slice(0, 16)}…</Mono></Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(v.artifactSize)}</Td>
                  <Td><ScanBadge status={v.scanStatus} /></Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatDate(v.createdAt)} <span className="text-xs text-slate-500">by {registeredBy}</span></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </>
  );
}
