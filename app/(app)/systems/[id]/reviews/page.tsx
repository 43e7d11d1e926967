import type { Metadata } from 'next';
import Link from 'next/link';
import { SignConfirmation } from '@/components/promotion/sign-confirmation';
import { OpenTriggersCard } from '@/components/reviews/open-triggers-card';
import { OutcomeNextSteps } from '@/components/reviews/outcome-next-steps';
import { ReviewOutcomeBadge, ReviewStatusBadge } from '@/components/reviews/review-badges';
import { ReviewSignDialog } from '@/components/reviews/review-sign-dialog';
import { reviewSnapshotContents, reviewSnapshotGaps } from '@/components/reviews/review-snapshot-contents';
import { ReviewSnapshotView } from '@/components/reviews/review-snapshot-view';
import { TierBadge } from '@/components/ui/badge';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { formatDate, formatDateTime } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { getDb } from '@/db';
import { REVIEW_OUTCOMES } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getSystem } from '@/lib/inventory/queries';
import { reviewCadenceMonths, triggeredReviewDays } from '@/lib/reviews/cadence';
import { reviewHistory, reviewState } from '@/lib/reviews/queries';
import { buildReviewSnapshot } from '@/lib/reviews/review-snapshot';
import { humanize, plural } from '@/lib/words';
import { signReviewAction } from './actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'ai_system', id: (await params).id }, (name) => `Reviews: ${name}`);
}

const link = 'font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700';

export default async function SystemReviewsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ signed?: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const system = await forPage(async () => await getSystem(actor, id));
  const db = getDb();
  const state = await reviewState(db, id);
  const cadence = await reviewCadenceMonths(db, system.riskTier);
  const window = await triggeredReviewDays(db, system.riskTier);
  const history = await reviewHistory(actor, id);
  const live = system.lifecycleStatus !== 'retired';
  // A retired system is reviewed no more: no open triggers, no next snapshot to sign.
  const snapshot = live ? await buildReviewSnapshot(db, id) : null;
  const last = state.lastReview;
  const today = new Date().toISOString().slice(0, 10);
  const { triggeredDueBy } = state;
  const confirmation = (await searchParams).signed && last?.signerId === actor.userId ? `You signed the review on ${formatDateTime(last.signedAt)} (${humanize(last.outcome).toLowerCase()}). The next review is due ${last.nextReviewDate}.` : null;
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/systems/${id}`} className="hover:text-slate-700">{system.name}</Link>}
        title={<span className="flex flex-wrap items-center gap-3">Reviews {live ? <ReviewStatusBadge status={state.status} /> : null} <TierBadge tier={system.riskTier} /></span>}
        description="A periodic or triggered review is a risk officer's signed attestation over a frozen snapshot of the system's card, findings and monitoring."
        actions={
          snapshot && can(actor, 'review.sign') && system.ownerId !== actor.userId ? (
            <ReviewSignDialog systemId={id} systemName={system.name} snapshotSha256={snapshot.sha256} printedName={actor.name} contents={reviewSnapshotContents(snapshot.content)} gaps={reviewSnapshotGaps(snapshot.content)} outcomes={REVIEW_OUTCOMES} action={signReviewAction} />
          ) : snapshot && can(actor, 'review.sign') ? <p className="max-w-xs text-sm text-slate-600">You own this system: another risk officer signs its review.</p> : null
        }
      />
      <SignConfirmation message={confirmation} />
      <div className="space-y-6">
        {live ? null : <p role="note" className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">{system.name} is retired: nothing is left to review, and its reviews are read-only.</p>}
        <Card title="State">
          <Facts
            items={[
              ['Next review', !live ? 'None: the system is retired' : state.nextReviewDate ? `${formatDate(state.nextReviewDate)}${state.nextReviewDate < today ? ' (overdue)' : ''}` : 'Not scheduled: the first review is set when the system first reaches production'],
              ...(live && triggeredDueBy ? [['Triggered review', `Due by ${formatDate(triggeredDueBy)}${triggeredDueBy < today ? ' (overdue)' : ''}: the earliest day an open trigger set`] as [string, string]] : []),
              ['Cadence', `Every ${plural(cadence.months, 'month')} (${cadence.source}); a triggered review within ${plural(window.days, 'day')} (${window.source})`],
              ['Last review', last ? `${formatDate(last.signedAt)} by ${last.printedName}: ${humanize(last.outcome).toLowerCase()}` : 'None yet'],
            ]}
          />
          {last ? <OutcomeNextSteps outcome={last.outcome} conditions={last.conditions} /> : null}
        </Card>
        {snapshot ? (
          <>
            <OpenTriggersCard triggers={state.dueNow} sinceLastReview={Boolean(last)} overdue={state.overdue} />
            <Card title="What the next review signs">
              <p className="mb-3 text-sm text-slate-600">As it stands now; SHA-256 <code className="font-mono text-xs break-all">{snapshot.sha256}</code></p>
              <ReviewSnapshotView snapshot={snapshot.content} />
            </Card>
          </>
        ) : null}
        <Card title={`Signed reviews (${history.length})`}>
          {history.length === 0 ? (
            <EmptyState title="No review signed yet">A risk officer signs the first review here when it falls due or is triggered.</EmptyState>
          ) : (
            <Table caption="Signed reviews of this system" cardsBelow="md">
              <thead><tr><Th>Signed</Th><Th>Outcome</Th><Th>Kind</Th><Th>Signer</Th><Th>Next review set</Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {history.map((r) => (
                  <tr key={r.id}>
                    <Td className="whitespace-nowrap"><Link href={`/systems/${id}/reviews/${r.id}`} className={link}>{formatDate(r.signedAt)}</Link></Td>
                    <Td data-label="Outcome" className="max-md:col-span-2"><ReviewOutcomeBadge outcome={r.outcome} />{r.conditions ? <p className="mt-0.5 max-w-md text-xs whitespace-pre-line text-slate-600">{r.conditions}</p> : null}</Td>
                    <Td data-label="Kind">{humanize(r.kind)}</Td>
                    <Td data-label="Signer">{r.printedName}</Td>
                    <Td data-label="Next review set" className="whitespace-nowrap tabular-nums">{formatDate(r.nextReviewDate)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
