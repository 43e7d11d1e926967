import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MonitoringSeriesCard } from '@/components/charts/monitoring-series-card';
import { StageBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { getDb } from '@/db';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getModelVersion } from '@/lib/inventory/queries';
import { monitoringSeries, seriesFindings } from '@/lib/monitoring/queries';
import { plural } from '@/lib/words';

export async function generateMetadata({ params }: { params: Promise<{ id: string; versionId: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model_version', id: (await params).versionId }, (name) => `Monitoring: ${name}`);
}

function HowToSend({ versionId }: { versionId: string }) {
  return (
    <div className="mx-auto max-w-prose space-y-2 text-left">
      <p>
        A pipeline posts them to <code className="font-mono text-slate-700">POST /api/v1/monitoring</code> with an{' '}
        <Link href="/tokens" className="text-blue-700 underline">API token</Link> that has the <code className="font-mono text-slate-700">monitoring:write</code> scope
        (the token&apos;s owner must own this version&apos;s system): the JSON form with <code className="font-mono text-slate-700">modelVersionId</code> or a{' '}
        <code className="font-mono text-slate-700">deploymentId</code>, a window, metrics and drift per feature (with histograms, Provenant computes PSI and
        Jensen-Shannon itself), or an Evidently snapshot as is, with{' '}
        <code className="break-all font-mono text-slate-700">?modelVersionId={versionId}&amp;windowStart=…&amp;windowEnd=…</code>.
      </p>
    </div>
  );
}

export default async function MonitoringPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const actor = await requirePageActor();
  const { id, versionId } = await params;
  const version = await forPage(async () => await getModelVersion(actor, versionId));
  if (version.modelId !== id) notFound();
  const series = await monitoringSeries(getDb(), version.id);
  const raised = await seriesFindings(getDb(), version.id, series);
  const lastAt = series.flatMap((s) => s.points.map((p) => p.windowEnd)).sort().at(-1);
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/systems/${version.systemId}`} className="hover:text-slate-700">{version.systemName}</Link> /{' '}
            <Link href={`/models/${id}`} className="hover:text-slate-700">{version.modelName}</Link> /{' '}
            <Link href={`/models/${id}/versions/${version.id}`} className="font-mono hover:text-slate-700">{version.version}</Link>
          </>
        }
        title={<span className="flex flex-wrap items-center gap-3">Monitoring <StageBadge stage={version.stage} /></span>}
        actions={<ButtonLink variant="secondary" href={`/findings?type=monitoring_breach&subjectType=model_version&subjectId=${version.id}`}>Findings from monitoring</ButtonLink>}
        description={
          series.length
            ? `${plural(series.length, 'monitored series', 'monitored series')}, latest window ending ${formatDateTime(lastAt)}. Each is drawn against the threshold of its tier's production policy; where histograms came, the line is Provenant's own figure and the producer's is dashed.`
            : 'Production metrics and drift for this version, judged against the monitoring rules of its tier.'
        }
      />
      {series.length === 0 ? (
        <Card>
          <EmptyState title="No monitoring results yet">
            <HowToSend versionId={version.id} />
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          {series.map((s) => (
            <MonitoringSeriesCard key={`${s.metric}:${s.feature ?? ''}`} series={s} finding={raised.get(`${s.metric}:${s.feature ?? ''}`)} />
          ))}
        </div>
      )}
    </>
  );
}
