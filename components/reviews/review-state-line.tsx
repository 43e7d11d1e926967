import Link from 'next/link';
import { formatDate } from '@/components/ui/format';
import type { reviewState } from '@/lib/reviews/queries';
import { plural } from '@/lib/words';
import { ReviewStatusBadge } from './review-badges';

/**
 * The system page's review line: its state, next date, what triggered it, and the way to its reviews. A retired
 * system is reviewed no more (the reviews lists leave it out too), whatever date was set before.
 */
export function ReviewStateLine({ systemId, state }: { systemId: string; state: Awaited<ReturnType<typeof reviewState>> | 'retired' }) {
  const reviews = <Link href={`/systems/${systemId}/reviews`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">Reviews</Link>;
  if (state === 'retired') {
    return (
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="review-state">
        <span>None due: the system is retired</span>
        {reviews}
      </span>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="review-state">
      <ReviewStatusBadge status={state.status} />
      <span>{state.nextReviewDate ? `Next review ${formatDate(state.nextReviewDate)}` : 'the first review is set when the system first reaches production'}</span>
      {state.dueNow.length ? <span className="text-slate-600">· {plural(state.dueNow.length, 'open trigger')}, due by {formatDate(state.dueBy)}</span> : null}
      {reviews}
    </span>
  );
}
