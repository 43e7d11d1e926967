import type { Metadata } from 'next';
import { ModelForm } from '@/components/models/model-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { getSystem } from '@/lib/inventory/queries';
import { createModelAction } from '../actions';

export const metadata: Metadata = { title: 'Add a model' };

export default async function NewModelPage({ searchParams }: { searchParams: Promise<{ systemId?: string }> }) {
  const actor = await requirePageActor();
  const { systemId = '' } = await searchParams;
  const system = forPage(() => getSystem(actor, systemId));
  forPage(() => assertCan(actor, 'model.register', { ownerIds: [system.ownerId] }));
  return (
    <>
      <PageHeader eyebrow={system.name} title="Add a model" description="A named model line inside the system; versions are registered under it." />
      <ModelForm systemId={system.id} action={createModelAction} />
    </>
  );
}
