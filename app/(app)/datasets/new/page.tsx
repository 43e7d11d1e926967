import type { Metadata } from 'next';
import { DatasetForm } from '@/components/datasets/dataset-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { getSystem } from '@/lib/inventory/queries';
import { createDatasetAction } from '../actions';

export const metadata: Metadata = { title: 'Register a dataset' };

export default async function NewDatasetPage({ searchParams }: { searchParams: Promise<{ systemId?: string }> }) {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'dataset.register'));
  const { systemId } = await searchParams;
  const system = systemId ? await forPage(async () => await getSystem(actor, systemId)) : null;
  return (
    <>
      <PageHeader eyebrow={system?.name} title="Register a dataset" />
      <DatasetForm systemId={system?.id ?? null} action={createDatasetAction} />
    </>
  );
}
