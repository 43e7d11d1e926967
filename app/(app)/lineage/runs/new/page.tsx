import type { Metadata } from 'next';
import { RunForm } from '@/components/lineage/run-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordRunAction } from '../../actions';

export const metadata: Metadata = { title: 'Record a training run' };

export default async function NewRunPage() {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'lineage.record'));
  return (
    <>
      <PageHeader title="Record a training run" description="Which data and base models went in, which code ran, which model versions came out. Pipelines do the same with POST /api/v1/runs or OpenLineage events." />
      <RunForm action={recordRunAction} />
    </>
  );
}
