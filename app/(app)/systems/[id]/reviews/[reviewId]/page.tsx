import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OutcomeNextSteps } from '@/components/reviews/outcome-next-steps';
import { ReviewOutcomeBadge } from '@/components/reviews/review-badges';
import { ReviewSnapshotView } from '@/components/reviews/review-snapshot-view';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { formatDate, formatDateTime } from '@/components/ui/format';
import { Mono } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getReview } from '@/lib/reviews/queries';
import { humanize } from '@/lib/words';

export async function generateMetadata({ params }: { params: Promise<{ id: string; reviewId: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'ai_system', id: (await params).id }, (name) => `Signed review: ${name}`);
}

/** A signed review as it was signed: its record and the stored snapshot, never today's data. */
export default async function SignedReviewPage({ params }: { params: Promise<{ id: string; reviewId: string }> }) {
  const actor = await requirePageActor();
  const { id, reviewId } = await params;
  const review = await forPage(async () => await getReview(actor, reviewId));
  if (review.systemId !== id) notFound();
  return (
    <>
      <PageHeader
        eyebrow={<><Link href={`/systems/${id}`} className="hover:text-slate-700">{review.systemName}</Link> / <Link href={`/systems/${id}/reviews`} className="hover:text-slate-700">Reviews</Link></>}
        title={<span className="flex flex-wrap items-center gap-3">Review of {formatDate(review.signedAt)} <ReviewOutcomeBadge outcome={review.outcome} /></span>}
        description={`“${review.meaning}”`}
      />
      <div className="space-y-6">
        <Card title="Signature">
          <Facts
            items={[
              ['Signed by', `${review.printedName} (${humanize(review.role)})`],
              ['Signed at', formatDateTime(review.signedAt)],
              ['Kind', humanize(review.kind)],
              ['Was due', formatDate(review.dueDate)],
              ['Next review set', formatDate(review.nextReviewDate)],
              ['Snapshot SHA-256', <Mono key="sha">{review.snapshotSha256}</Mono>],
              ['Triggers resolved', review.resolvedTriggers.length ? review.resolvedTriggers.map((t) => t.detail).join('; ') : 'None: a periodic review'],
            ]}
          />
          <OutcomeNextSteps outcome={review.outcome} conditions={review.conditions} />
        </Card>
        <Card title="What was signed">
          {review.snapshot ? <ReviewSnapshotView snapshot={review.snapshot} /> : <p className="text-sm text-rose-700">The stored snapshot is missing: the audit trail verification will say why.</p>}
        </Card>
      </div>
    </>
  );
}
