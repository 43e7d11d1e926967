import type { Metadata } from 'next';
import Link from 'next/link';
import { ModelMetadataCard } from '@/components/models/model-metadata-card';
import { VersionList } from '@/components/models/version-list';
import { PipelineCommands } from '@/components/pipeline/pipeline-commands';
import { TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getModel } from '@/lib/inventory/queries';
import { plural } from '@/lib/words';
import { modelOwnerIds } from '@/lib/inventory/model-owners';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model', id: (await params).id });
}

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const model = await forPage(async () => await getModel(actor, id));
  const canRegister = can(actor, 'model.register', { ownerIds: modelOwnerIds(model) });
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/systems/${model.systemId}`} className="hover:text-slate-700">{model.systemName}</Link>}
        title={<span className="flex items-center gap-3">{model.name} <TierBadge tier={model.riskTier} /></span>}
        description={model.description || model.task}
        actions={canRegister ? <ButtonLink href={`/models/${model.id}/versions/new`}>Register version</ButtonLink> : null}
      />
      <ModelMetadataCard model={model} />
      {model.versions.length === 0 ? (
        <EmptyState title="No versions yet">
          {canRegister ? 'Register a version by uploading its artifact, or with the SHA-256 of its bytes.' : <>Versions are registered by the owner of <Link href={`/systems/${model.systemId}`} className="font-medium text-indigo-700 underline">{model.systemName}</Link>.</>}
        </EmptyState>
      ) : (
        <>
          <h2 className="mb-2 text-sm font-semibold text-slate-900">{plural(model.versions.length, 'version')}</h2>
          <VersionList modelId={model.id} rows={model.versions} />
        </>
      )}
      {canRegister ? (
        <div className="mt-6">
          <PipelineCommands commands={[{ label: 'Register a version from a pipeline: hashed locally, uploaded, scanned (exit 1 when unsafe)', command: `provenant register --model ${model.id} --version <label> --file model.safetensors` }]} />
        </div>
      ) : null}
    </>
  );
}
