import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EvaluationForm } from '@/components/evidence/evaluation-form';
import { ReportUpload } from '@/components/evidence/report-upload';
import { Card, PageHeader } from '@/components/ui/card';
import { EVIDENCE_KINDS } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { modelVersionOwnerIds } from '@/lib/inventory/ownership';
import { getModelVersion } from '@/lib/inventory/queries';
import { evaluationDatasetChoices } from '@/lib/lineage/queries';
import { recordEvaluationAction } from '../../../../../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string; versionId: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model_version', id: (await params).versionId }, (name) => `Record evidence: ${name}`);
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Only a known kind or environment preselects; anything else leaves the form's first choice. */
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : undefined);

export default async function NewEvidencePage({ params, searchParams }: { params: Promise<{ id: string; versionId: string }>; searchParams: SearchParams }) {
  const actor = await requirePageActor();
  const { id, versionId } = await params;
  const query = await searchParams;
  const initial = { kind: oneOf(query.kind, EVIDENCE_KINDS), environment: oneOf(query.environment, ['staging', 'production'] as const) };
  const version = await forPage(async () => await getModelVersion(actor, versionId));
  if (version.modelId !== id) notFound();
  await forPage(async () => assertCan(actor, 'evidence.record', { ownerIds: await modelVersionOwnerIds(versionId) }));
  const datasetChoices = await evaluationDatasetChoices(actor, { id: version.systemId, name: version.systemName });
  return (
    <>
      <PageHeader eyebrow={`${version.systemName} / ${version.modelName} @ ${version.version}`} title="Record evaluation evidence" description="Performance, robustness, fairness, red-team, privacy, explainability or security-scan results, bound to the exact bytes they were run on." />
      <Card title="Attach a tool report" className="mb-6">
        <p className="mb-4 max-w-3xl text-sm text-slate-600">A scanner&apos;s or red-team harness&apos;s own output: the server computes the metrics from it, so they count where a policy accepts only computed figures.</p>
        <ReportUpload modelVersionId={version.id} versionHref={`/models/${id}/versions/${version.id}`} />
      </Card>
      <h2 className="mb-1 text-base font-semibold text-slate-900">Or type the results</h2>
      <p className="mb-4 max-w-3xl text-sm text-slate-600">Figures typed here are marked self-reported wherever they are shown.</p>
      <EvaluationForm modelVersionId={version.id} artifactSha256={version.artifactSha256} datasetVersions={datasetChoices} initial={initial} action={recordEvaluationAction} />
    </>
  );
}
