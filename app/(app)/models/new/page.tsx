import type { Metadata } from 'next';
import Link from 'next/link';
import { ChooseSystemForm } from '@/components/models/choose-system-form';
import { ModelForm } from '@/components/models/model-form';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { getSystem } from '@/lib/inventory/queries';
import { listSystemsForNewModel } from '@/lib/inventory/systems-for-new-model';
import { createModelAction } from '../actions';

export const metadata: Metadata = { title: 'Add a model' };

export default async function NewModelPage({ searchParams }: { searchParams: Promise<{ systemId?: string }> }) {
  const actor = await requirePageActor();
  const { systemId } = await searchParams;
  if (!systemId) {
    const systems = await forPage(async () => await listSystemsForNewModel(actor));
    return (
      <>
        <PageHeader title="Add a model" description="A named model line inside an AI system; versions are registered under it. First choose its system." />
        {systems.length ? (
          <ChooseSystemForm systems={systems} />
        ) : (
          <EmptyState title="No system to add a model to">
            Models live inside a live AI system you own. <Link href="/systems/new" className="font-medium text-indigo-700 hover:underline">Register a system</Link> first.
          </EmptyState>
        )}
      </>
    );
  }
  const system = await forPage(async () => await getSystem(actor, systemId));
  await forPage(() => assertCan(actor, 'model.register', { ownerIds: [system.ownerId] }));
  return (
    <>
      <PageHeader eyebrow={system.name} title="Add a model" description="A named model line inside the system; versions are registered under it." />
      <ModelForm systemId={system.id} action={createModelAction} />
    </>
  );
}
