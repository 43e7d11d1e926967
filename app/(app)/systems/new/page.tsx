import type { Metadata } from 'next';
import { SystemForm } from '@/components/systems/system-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan, can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { createSystemAction } from '../actions';

export const metadata: Metadata = { title: 'Register a system' };

export default async function NewSystemPage() {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'system.create'));
  return (
    <>
      <PageHeader title="Register an AI system" description="Add a business use of AI to the inventory. It starts with the tier the questionnaire proposes." />
      <SystemForm
        mode="create"
        canClassify={can(actor, 'system.classify')}
        action={createSystemAction}
        initial={{
          name: '', purpose: '', intendedUse: '', outOfScopeUses: '', businessOwner: '', lifecycleStatus: 'planned',
          deploymentContext: '', humanOversight: '', personalData: false, nextReviewDate: null, thirdParty: false,
          vendorName: null, vendorContract: null, vendorDataShared: null, limitations: '', ethicalConsiderations: '',
          recommendations: '', riskTier: null, riskAnswers: {},
        }}
      />
    </>
  );
}
