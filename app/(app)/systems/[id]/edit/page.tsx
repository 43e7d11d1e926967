import type { Metadata } from 'next';
import { SystemForm } from '@/components/systems/system-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan, can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getSystem } from '@/lib/inventory/queries';
import type { RiskAnswers } from '@/lib/inventory/risk-questionnaire';
import { updateSystemAction } from '../../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'ai_system', id: (await params).id }, (name) => `Edit ${name}`);
}

export default async function EditSystemPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const system = await forPage(async () => await getSystem(actor, id));
  await forPage(() => assertCan(actor, 'system.update', { ownerIds: [system.ownerId] }));
  const answers = (system.riskRationale as { answers?: RiskAnswers } | null)?.answers ?? {};
  return (
    <>
      <PageHeader eyebrow="Edit" title={system.name} />
      <SystemForm
        mode="edit"
        canClassify={can(actor, 'system.classify')}
        action={updateSystemAction.bind(null, system.id)}
        initial={{ ...system, riskAnswers: answers }}
      />
    </>
  );
}
