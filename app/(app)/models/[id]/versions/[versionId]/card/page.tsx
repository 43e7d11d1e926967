import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CardAnnexIvSection, CardApprovalsSection, CardEvaluationSection, CardIntegritySections, CardNarrativeSection } from '@/components/cards/card-governance-sections';
import { CardIncidentsSection, CardReviewSection, CardWaiversSection } from '@/components/cards/card-oversight-records';
import { CardFindingsSection, CardMonitoringSection } from '@/components/cards/card-oversight-sections';
import { CardIdentitySections, CardLineageSections } from '@/components/cards/card-record-sections';
import { CardSourceBanner } from '@/components/cards/card-source-banner';
import { CardExportLinks } from '@/components/cards/card-export-links';
import { PageHeader } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { loadCard } from '@/lib/cards/load-card';
import { ZCardQuery } from '@/lib/cards/schemas';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { systemWithOwners } from '@/lib/inventory/ownership';
import { VERSION_FINDINGS_LEAD } from '@/lib/cards/oversight-text';

export async function generateMetadata({ params }: { params: Promise<{ id: string; versionId: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model_version', id: (await params).versionId }, (name) => `AI Card: ${name}`);
}


type Props = { params: Promise<{ id: string; versionId: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function AiCardPage({ params, searchParams }: Props) {
  const actor = await requirePageActor();
  const { id, versionId } = await params;
  const parsed = ZCardQuery.safeParse(await searchParams);
  if (!parsed.success) notFound();
  const view = await forPage(async () => await loadCard(actor, versionId, { view: parsed.data.view, requestId: parsed.data.request }));
  if (view.content.model.id !== id) notFound();
  const { system, model, version } = view.content;
  const basePath = `/models/${id}/versions/${versionId}/card`;
  const mayEditNarrative = view.source === 'current' && can(actor, 'system.update', { ownerIds: (await systemWithOwners(system.id)).ownerIds });
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/systems/${system.id}`} className="hover:text-slate-700">{system.name}</Link> /{' '}
            <Link href={`/models/${model.id}`} className="hover:text-slate-700">{model.name}</Link> /{' '}
            <Link href={`/models/${model.id}/versions/${version.id}`} className="font-mono hover:text-slate-700">{version.version}</Link>
          </>
        }
        title={`AI Card: ${model.name} ${version.version}`}
        description="Model documentation generated from the record, following the model-card canon (Mitchell et al.) and EU AI Act Annex IV."
        actions={<CardExportLinks versionId={versionId} view={parsed.data.view} requestId={parsed.data.request} />}
      />
      <CardSourceBanner view={view} basePath={basePath} />
      <div className="space-y-6">
        <CardIdentitySections view={view} />
        <CardLineageSections view={view} />
        <CardEvaluationSection view={view} />
        <CardNarrativeSection view={view} editHref={mayEditNarrative ? `/systems/${system.id}/edit` : null} />
        <CardApprovalsSection view={view} />
        <CardIntegritySections view={view} />
        <CardMonitoringSection oversight={view.oversight} />
        <CardFindingsSection oversight={view.oversight} frozen={view.content.findings} scope={VERSION_FINDINGS_LEAD} />
        <CardWaiversSection oversight={view.oversight} frozen={view.content.findings} />
        <CardReviewSection oversight={view.oversight} />
        <CardIncidentsSection oversight={view.oversight} />
        <CardAnnexIvSection card={view} />
      </div>
    </>
  );
}
