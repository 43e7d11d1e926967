import Link from 'next/link';
import { TierBadge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import type { listReviews } from '@/lib/reviews/queries';
import { plural } from '@/lib/words';
import { ReviewOutcomeBadge, ReviewStatusBadge } from './review-badges';

type Items = Awaited<ReturnType<typeof listReviews>>['items'];

/** Systems by review state (or signed reviews): each links to the system's reviews page, where the review is signed. */
export function ReviewsTable({ items, caption }: { items: Items; caption: string }) {
  return (
    <Table caption={caption} cardsBelow="xl">
      <thead>
        <tr><Th>System</Th><Th>State</Th><Th>Due by</Th><Th>Last review</Th><Th>Owner</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((item) => (
          <tr key={item.status === 'signed' ? item.review!.id : item.system.id}>
            <Td>
              <Link href={item.status === 'signed' ? `/systems/${item.system.id}/reviews/${item.review!.id}` : `/systems/${item.system.id}/reviews`} className="font-medium text-slate-900 hover:text-indigo-700">{item.system.name}</Link>
              <p className="mt-0.5"><TierBadge tier={item.system.riskTier} /></p>
            </Td>
            <Td data-label="State">
              <ReviewStatusBadge status={item.status} />
              {item.openTriggers > 0 ? <p className="mt-0.5 text-xs whitespace-nowrap text-slate-600">{plural(item.openTriggers, 'open trigger')}</p> : null}
            </Td>
            {/* The day it must be signed by, whether its date or a trigger set it; a signed review, the next one it set. */}
            <Td data-label="Due by" className="whitespace-nowrap tabular-nums">
              {formatDate(item.dueBy ?? item.nextReviewDate)}
              {item.dueBy && item.nextReviewDate && item.dueBy !== item.nextReviewDate ? <p className="mt-0.5 text-xs text-slate-500">periodic {formatDate(item.nextReviewDate)}</p> : null}
            </Td>
            <Td data-label="Last review">
              {item.review ? (
                <>
                  <ReviewOutcomeBadge outcome={item.review.outcome} />
                  <p className="mt-0.5 text-xs whitespace-nowrap text-slate-600">{formatDate(item.review.signedAt)} by {item.review.printedName}</p>
                </>
              ) : (
                <span className="text-xs text-slate-500">None yet</span>
              )}
            </Td>
            <Td data-label="Owner"><PersonName person={item.system.owner} /></Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
