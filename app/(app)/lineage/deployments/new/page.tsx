import type { Metadata } from 'next';
import { DeploymentForm } from '@/components/lineage/deployment-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { lineageChoices } from '@/lib/lineage/queries';
import { reportDeploymentAction } from '../../actions';

export const metadata: Metadata = { title: 'Report a deployment' };

export default async function NewDeploymentPage() {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'deployment.report'));
  const { modelVersionChoices } = await lineageChoices(actor);
  return (
    <>
      <PageHeader title="Report a deployment" description="Record which bytes a service runs. Services report the same with POST /api/v1/deployments and a deploy:report token." />
      <DeploymentForm modelVersions={modelVersionChoices} action={reportDeploymentAction} />
    </>
  );
}
