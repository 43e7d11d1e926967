import Link from 'next/link';
import { TierBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { reviewsDue } from '@/lib/dashboard/reviews-due';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = { reviews: ReturnType<typeof reviewsDue>; now: Date; title?: string };

/** Systems whose periodic review falls due within 30 days, overdue ones first and marked. */
export function ReviewsDueCard({ reviews, now, title = 'Reviews coming due (30 days)' }: Props) {
  const today = now.toISOString().slice(0, 10);
  return (
    <Card title={title}>
      <QueueList empty="Every system’s next review is more than 30 days away.">
        {reviews.map((s) => (
          <QueueRow
            key={s.id}
            aside={
              <span className={s.nextReviewDate! < today ? 'font-medium text-rose-700' : ''}>
                {s.nextReviewDate! < today ? `Overdue since ${s.nextReviewDate}` : `Due ${s.nextReviewDate}`}
              </span>
            }
          >
            <Link href={`/systems/${s.id}`} className={rowLink}>{s.name}</Link>
            <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <TierBadge tier={s.riskTier} />
              <span>owner {s.ownerName}</span>
            </p>
          </QueueRow>
        ))}
      </QueueList>
    </Card>
  );
}
