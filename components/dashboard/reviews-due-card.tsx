import Link from 'next/link';
import { ReviewStatusBadge } from '@/components/reviews/review-badges';
import { TierBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import type { reviewsDue } from '@/lib/dashboard/reviews-due';
import { plural } from '@/lib/words';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = { reviews: Awaited<ReturnType<typeof reviewsDue>>; now: Date; title?: string };

function When({ review }: { review: Props['reviews'][number] }) {
  if (review.status === 'overdue') return <span className="font-medium text-rose-700">Overdue since {review.dueBy}</span>;
  if (review.openTriggers > 0) return <span className="font-medium text-amber-800">Due now: {plural(review.openTriggers, 'trigger')}, by {review.dueBy}</span>;
  return <span>Due {review.nextReviewDate}</span>;
}

/** Reviews to act on: overdue first, then due now (triggered), then those falling due within 30 days. */
export function ReviewsDueCard({ reviews, title = 'Reviews overdue, due now or due within 30 days' }: Props) {
  return (
    <Card title={title} actions={<Link href="/reviews" className="text-sm font-medium text-indigo-700 hover:underline">All reviews</Link>}>
      <QueueList empty="No review is overdue or due now, and none falls due in the next 30 days.">
        {reviews.map((s) => (
          <QueueRow key={s.id} aside={<When review={s} />}>
            <Link href={`/systems/${s.id}/reviews`} className={rowLink}>{s.name}</Link>
            <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <ReviewStatusBadge status={s.status} />
              <TierBadge tier={s.riskTier} />
              <span>owner <PersonName person={{ name: s.ownerName, email: s.ownerEmail }} /></span>
            </p>
          </QueueRow>
        ))}
      </QueueList>
    </Card>
  );
}
