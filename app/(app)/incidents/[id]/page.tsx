import type { Metadata } from 'next';
import Link from 'next/link';
import { SeverityBadge } from '@/components/findings/finding-badges';
import { AddActionForm } from '@/components/incidents/add-action-form';
import { DeadlineText, IncidentStatusBadge } from '@/components/incidents/incident-badges';
import { LinkedFindings } from '@/components/incidents/linked-findings';
import { CloseIncidentButton, EditIncidentButton, MarkReportedButton } from '@/components/incidents/incident-dialogs';
import { Badge, TierBadge } from '@/components/ui/badge';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { formatDateTime } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { REPORTING_CLOCKS } from '@/lib/incidents/deadline';
import { getIncident } from '@/lib/incidents/queries';
import { plural } from '@/lib/words';
import { addIncidentActionAction, closeIncidentAction, markIncidentReportedAction, updateIncidentAction } from '../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'incident', id: (await params).id });
}

const DOWNLOAD = 'inline-flex items-center justify-center gap-1.5 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const incident = await forPage(async () => await getIncident(actor, id));
  const clock = REPORTING_CLOCKS[incident.category];
  const canUpdate = incident.status !== 'closed' && can(actor, 'incident.update', { ownerIds: [incident.ownerId, incident.createdById] });
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/incidents" className="hover:text-indigo-700">Incidents</Link>}
        title={`${incident.reference} ${incident.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <IncidentStatusBadge status={incident.status} />
            <SeverityBadge severity={incident.severity} />
            {incident.serious ? <Badge tone="red">Serious (Art. 73)</Badge> : <Badge>Not serious</Badge>}
          </span>
        }
        actions={
          <>
            <a href={`/api/v1/incidents/${incident.id}/report.pdf`} download className={DOWNLOAD}>
              <span aria-hidden="true">↓</span>Report PDF
            </a>
            {canUpdate ? (
              <>
                <EditIncidentButton action={updateIncidentAction.bind(null, incident.id)} incident={incident} />
                {incident.status === 'open' ? <MarkReportedButton action={markIncidentReportedAction.bind(null, incident.id)} now={now} /> : null}
                {incident.serious && !incident.reportedAt ? null : <CloseIncidentButton action={closeIncidentAction.bind(null, incident.id)} />}
              </>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="Reporting to the authority">
            <p className="text-base"><DeadlineText incident={incident} /></p>
            <div className="mt-4">
              <Facts
                items={[
                  ['Reporting clock', incident.serious ? `${clock.label}: not later than ${plural(clock.days, 'day')} after becoming aware (${clock.paragraph})` : 'None: not a serious incident'],
                  ['Became aware', formatDateTime(incident.awareAt)],
                  ['Deadline', incident.reportDeadline ? formatDateTime(incident.reportDeadline) : null],
                  ['Reported', incident.reportedAt ? `${formatDateTime(incident.reportedAt)}, reference ${incident.authorityReference}` : 'Not yet'],
                ]}
              />
            </div>
          </Card>
          <Card title="What happened">
            <Facts
              items={[
                ['Description', incident.description],
                ['People affected', incident.affectedPeople],
                ['Owner', incident.owner ? <PersonName key="owner" person={incident.owner} /> : null],
                ['Recorded', <span key="recorded">{formatDateTime(incident.createdAt)} by <PersonName person={incident.createdBy} /></span>],
              ]}
            />
          </Card>
          <Card title="Timeline">
            {incident.actions.length === 0 ? (
              <p className="text-sm text-slate-500">No action recorded yet. Add what was done, and when, as it happens: the report carries this timeline.</p>
            ) : (
              <ol className="space-y-3">
                {incident.actions.map((a) => (
                  <li key={a.id} className="border-l-2 border-indigo-200 pl-3">
                    <p className="text-xs text-slate-500"><time dateTime={a.at}>{formatDateTime(a.at)}</time> · <PersonName person={{ name: a.actorName, email: a.actorEmail }} /></p>
                    <p className="text-sm break-words whitespace-pre-line text-slate-900">{a.text}</p>
                  </li>
                ))}
              </ol>
            )}
            {canUpdate ? <div className="mt-4"><AddActionForm action={addIncidentActionAction.bind(null, incident.id)} now={now} /></div> : null}
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title={incident.systems.length === 1 ? 'Affected system' : 'Affected systems'}>
            <ul className="space-y-3">
              {incident.systems.map((s) => (
                <li key={s.id}>
                  <Link href={`/systems/${s.id}`} className="font-medium text-indigo-700 hover:underline">{s.name}</Link>
                  <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <TierBadge tier={s.riskTier} />
                    <span>{s.productionVersions.length === 0 ? 'Nothing in production' : s.productionVersions.map((v) => `${v.model} ${v.version}`).join(', ')}</span>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Linked findings">
            <LinkedFindings incident={incident} />
          </Card>
        </div>
      </div>
    </>
  );
}
