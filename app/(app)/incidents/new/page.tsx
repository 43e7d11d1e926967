import type { Metadata } from 'next';
import { IncidentForm } from '@/components/incidents/incident-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { incidentOwnerOptions, systemOption } from '@/lib/incidents/queries';
import { recordIncidentAction } from '../actions';

export const metadata: Metadata = { title: 'Record an incident' };

export default async function NewIncidentPage({ searchParams }: { searchParams: Promise<{ systemId?: string | string[] }> }) {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'incident.record'));
  const { systemId } = await searchParams;
  const named = await systemOption(actor, typeof systemId === 'string' ? systemId : undefined);
  const system = named?.live ? { id: named.id, name: named.name } : null;
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return (
    <>
      <PageHeader title="Record an incident" description="What happened, to which systems and people, and when you became aware: for a serious incident, the reporting clock starts there." />
      <IncidentForm action={recordIncidentAction} owners={await incidentOwnerOptions(actor)} ownerId={actor.userId} system={system} now={now} />
    </>
  );
}
