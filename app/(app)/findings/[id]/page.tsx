import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptRiskDialog } from '@/components/findings/accept-risk-dialog';
import { CloseFindingDialog } from '@/components/findings/close-finding-dialog';
import { DueDate, FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { FindingTimeline, FindingWaivers } from '@/components/findings/finding-record';
import { WaiverProposalCard } from '@/components/findings/waiver-proposal-card';
import { FindingEditForm, StatusMoves } from '@/components/findings/finding-work-panel';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import { Mono } from '@/components/ui/table';
import { getDb } from '@/db';
import { SEVERITIES } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { closureEvaluationOptions } from '@/lib/findings/closure-evaluations';
import { closureStatement } from '@/lib/findings/closure-statement';
import { isoDateAfter } from '@/lib/findings/deadlines';
import { getFinding } from '@/lib/findings/finding-detail';
import { WORKED_REMEDIATION } from '@/lib/findings/finding-history';
import { assignableUsers } from '@/lib/findings/queries';
import { MAX_WAIVER_DAYS } from '@/lib/findings/schemas';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { humanize } from '@/lib/words';
import { closeFindingAction, decideWaiverProposalAction, updateFindingAction, waiveFindingAction, withdrawWaiverProposalAction } from '../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'finding', id: (await params).id });
}

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const f = await forPage(async () => await getFinding(actor, id));
  const update = updateFindingAction.bind(null, f.id);
  const final = f.status === 'closed' || f.status === 'invalid';
  const proofs = f.may.close && f.may.closeAsFixed ? await closureEvaluationOptions(getDb(), f) : [];
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/findings" className="hover:text-slate-900">Findings</Link>}
        title={<><span className="text-slate-500">{f.ref}</span> {f.title}</>}
        description={<span className="flex flex-wrap items-center gap-2"><SeverityBadge severity={f.severity} /><FindingStatusBadge status={f.status} /><span>{humanize(f.type)}</span></span>}
        actions={
          <>
            {f.may.update ? <StatusMoves status={f.status} action={update} /> : null}
            {f.may.waive ? <AcceptRiskDialog finding={f} printedName={actor.name} latestExpiry={isoDateAfter(new Date(), MAX_WAIVER_DAYS)} twoSigners={f.twoSignersToWaive} action={waiveFindingAction.bind(null, f.id)} /> : null}
            {f.may.close ? <CloseFindingDialog finding={f} signed={f.signatureToClose} closeAsFixed={f.may.closeAsFixed} closeAsInvalid={f.may.closeAsInvalid} printedName={actor.name} evaluations={proofs} action={closeFindingAction.bind(null, f.id)} /> : null}
          </>
        }
      />
      {!final && !f.may.close && f.everOwned && actor.roles.includes('risk_officer') ? (
        <p className="mb-4 text-sm text-slate-600">You own or have owned this finding, so a risk officer who never owned it closes it, accepts its risk or lowers its severity.</p>
      ) : null}
      {!final && !f.everOwned && f.workedRemediation && actor.roles.includes('risk_officer') ? (
        <p className="mb-4 text-sm text-slate-600" data-testid="worked-remediation">{WORKED_REMEDIATION}</p>
      ) : null}
      {!final && f.status !== 'accepted' && f.incident && actor.roles.includes('risk_officer') ? (
        <p className="mb-4 text-sm text-slate-600" data-testid="remediated">{f.incident.remediated}</p>
      ) : null}
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6">
          <Card title="What is wrong">
            <Facts
              items={[
                ['Description', f.description],
                // A repeat's figure, not the first one's: the one a risk officer accepts or closes on.
                ...(f.latestReport ? ([['Latest occurrence', <span key="latest" data-testid="latest-occurrence"><span className="block text-xs text-slate-500">{formatDateTime(f.latestReport.at)}</span>{f.latestReport.text}</span>]] as [string, React.ReactNode][]) : []),
                ['Remediation plan', f.remediationPlan || 'No plan written yet.'],
              ]}
              narrow
            />
          </Card>
          <WaiverProposalCard finding={f} printedName={actor.name} decide={decideWaiverProposalAction.bind(null, f.id)} withdraw={withdrawWaiverProposalAction.bind(null, f.id)} />
          {f.may.update ? (
            <Card title="Work on it">
              <FindingEditForm finding={f} owners={await assignableUsers(actor)} severities={SEVERITIES} changeSeverity={f.may.changeSeverity} lowerSeveritySigned={f.may.lowerSeveritySigned} wordsFixed={f.may.wordsFixed} action={update} />
            </Card>
          ) : null}
          {final ? (
            <Card title={f.status === 'invalid' ? 'Closed as invalid' : 'Closure'}>
              <Facts
                items={[
                  ['Closed by', f.closedBy ? <PersonName key="closed" person={f.closedBy} /> : null],
                  ['Closed at', formatDateTime(f.closedAt)],
                  [f.status === 'invalid' ? 'Reason' : 'Closure evidence', f.closureEvidence],
                  ...(f.closureEvaluationId ? ([['Evaluation', <Mono key="e">{f.closureEvaluationId}</Mono>]] as [string, React.ReactNode][]) : []),
                  ...(f.closureMeaning ? ([['Signed', `“${closureStatement(f.closureMeaning, f.closureRole)}”`]] as [string, string][]) : []),
                ]}
              />
            </Card>
          ) : null}
          <FindingWaivers waivers={f.waivers} />
          <FindingTimeline events={f.timeline} />
        </div>
        <Card title="Facts">
          <Facts
            narrow
            items={[
              ['Subject', <span key="s"><span className="block text-xs text-slate-500">{humanize(f.subjectType)}</span>{f.subject.href ? <Link href={f.subject.href} className="text-indigo-700 underline">{f.subject.label}</Link> : f.subject.label}</span>],
              ['Owner', f.owner ? <PersonName key="owner" person={f.owner} /> : null],
              ['Due', final || f.status === 'accepted' ? f.dueDate : <DueDate key="d" dueDate={f.dueDate} overdueDays={f.overdueDays} />],
              ...(f.approval ? ([['Set by', <span key="approval" data-testid="setting-approval"><Link href={f.approval.href} className="text-indigo-700 underline">{f.approval.what}</Link> of {f.approval.printedName} as {humanize(f.approval.role)}, {formatDateTime(f.approval.signedAt)}</span>]] as [string, React.ReactNode][]) : []),
              ...(f.incident ? ([['Incident', <Link key="incident" href={`/incidents/${f.incident.id}`} className="text-indigo-700 underline">{f.incident.ref}</Link>]] as [string, React.ReactNode][]) : []),
              ['Raised', <span key="raised">{formatDateTime(f.createdAt)}{f.raisedBy ? <> by <PersonName person={f.raisedBy} /></> : null} ({humanize(f.source)})</span>],
              ...(f.occurrences > 1 || f.source === 'monitoring' ? ([['Occurrences', `${f.occurrences.toLocaleString('en')}, last seen ${formatDateTime(f.lastSeenAt)}`]] as [string, string][]) : []),
            ]}
          />
        </Card>
      </div>
    </>
  );
}
