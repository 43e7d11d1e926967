import type { Metadata } from 'next';
import { ModelVersionForm } from '@/components/models/model-version-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getModel } from '@/lib/inventory/queries';
import { createModelVersionAction } from '../../../actions';
import { modelOwnerIds } from '@/lib/inventory/model-owners';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model', id: (await params).id }, (name) => `Register a version of ${name}`);
}

export default async function NewModelVersionPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const model = await forPage(async () => await getModel(actor, id));
  await forPage(() => assertCan(actor, 'model.register', { ownerIds: modelOwnerIds(model) }));
  // The newest version, whose license a new one usually keeps and whose label it follows.
  const latest = model.versions[0]?.version ?? null;
  return (
    <>
      <PageHeader eyebrow={`${model.systemName} / ${model.name}`} title="Register a version" description="New versions start in development; staging and production are reached only through promotion." />
      <ModelVersionForm
        modelId={model.id}
        modelName={model.name}
        latest={latest ? { version: latest.version, license: latest.license, format: latest.format } : null}
        action={createModelVersionAction}
      />
    </>
  );
}
