import type { Metadata } from 'next';
import Link from 'next/link';
import { SystemCardExportLinks } from '@/components/cards/card-export-links';
import { CardIncidentsSection, CardReviewSection, CardWaiversSection } from '@/components/cards/card-oversight-records';
import { CardFindingsSection, CardMonitoringSection } from '@/components/cards/card-oversight-sections';
import { Badge, StageBadge, TierBadge } from '@/components/ui/badge';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { toSystemCardExport } from '@/lib/cards/export-system-card';
import { loadSystemCard } from '@/lib/cards/load-system-card';
import { tierConfirmationText } from '@/lib/cards/system-card-text';
import { forPage } from '@/lib/http/page-guard';
import { formatDate } from '@/lib/format/date-time';
import { recordTitle } from '@/lib/http/record-title';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'ai_system', id: (await params).id }, (name) => `AI Card: ${name}`);
}

export default async function SystemCardPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const card = await forPage(async () => await loadSystemCard(actor, id));
  const { system, versions, oversight } = card;
  return (
    <>
      <PageHeader
        eyebrow={<><Link href="/systems" className="hover:text-slate-700">AI systems</Link> / <Link href={`/systems/${id}`} className="hover:text-slate-700">{system.name}</Link></>}
        title={<span className="flex items-center gap-3">System AI Card: {system.name} <TierBadge tier={system.riskTier} /></span>}
        description="The system's documentation, every model version it runs (each with its own AI Card), and its oversight: monitoring, findings, accepted risks, periodic review and serious incidents."
        actions={<SystemCardExportLinks systemId={id} />}
      />
      <div className="space-y-6">
        <Card title="System">
          <Facts
            items={[
              ['Purpose', system.purpose],
              ['Risk tier confirmed', tierConfirmationText(toSystemCardExport(card).system)],
              ['Technical owner', <PersonName key="owner" person={{ name: system.ownerName, email: system.ownerEmail }} />],
              ['Business owner', system.businessOwner],
              ['Intended use', system.intendedUse],
              ['Out-of-scope uses', system.outOfScopeUses],
              ['Human oversight', system.humanOversight],
              ['Limitations', system.limitations],
              ['Ethical considerations', system.ethicalConsiderations],
              ['Recommendations', system.recommendations],
              ['Personal data processed', system.personalData ? 'Yes' : 'No'],
            ]}
          />
        </Card>
        <Card title={`Model versions (${versions.length})`}>
          {versions.length === 0 ? (
            <EmptyState title="No model versions yet">Versions registered under this system&apos;s models appear here with their cards.</EmptyState>
          ) : (
            <Table caption="Model versions and their cards" cardsBelow="md">
              <thead><tr><Th>Model</Th><Th>Version</Th><Th>Stage</Th><Th>Card digest</Th><Th>Last signed</Th><Th>Card</Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {versions.map((v) => (
                  <tr key={v.versionId}>
                    <Td><span className="max-md:font-medium max-md:text-slate-900">{v.modelName}</span></Td>
                    <Td data-label="Version" className="font-mono text-xs">{v.version}</Td>
                    <Td data-label="Stage"><StageBadge stage={v.stage} /></Td>
                    <Td data-label="Card digest" className="font-mono text-xs" title={v.cardSha256}>{v.cardSha256.slice(0, 16)}…</Td>
                    <Td data-label="Last signed">
                      {v.lastSigned ? (
                        <span className="flex flex-wrap items-center gap-2">
                          {v.lastSigned.targetStage} on {formatDate(v.lastSigned.at)}
                          {v.differsFromLastSigned ? <Badge tone="amber">changed since</Badge> : <Badge tone="green">matches</Badge>}
                        </span>
                      ) : <span className="text-slate-500">never</span>}
                    </Td>
                    <Td data-label="Card"><Link href={`/models/${v.modelId}/versions/${v.versionId}/card`} className="text-indigo-700 hover:underline">AI Card<span className="sr-only"> of {v.modelName} {v.version}</span></Link></Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <CardMonitoringSection oversight={oversight} showVersion />
        <CardFindingsSection oversight={oversight} scope="Findings on the system and on every version of its models." />
        <CardWaiversSection oversight={oversight} />
        <CardReviewSection oversight={oversight} />
        <CardIncidentsSection oversight={oversight} />
      </div>
    </>
  );
}
