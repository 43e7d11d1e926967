import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { formatDate, formatDateTime } from '@/components/ui/format';
import type { ReviewTriggerReason } from '@/db/schema';
import { reviewTriggerLabel } from '@/lib/reviews/trigger-labels';

type Trigger = { id: string; reason: ReviewTriggerReason; detail: string; createdAt: string; dueBy: string | null; entityType: string | null; entityId: string | null };

/** Records a trigger names that have their own page. */
const RECORD_PAGES: Record<string, { path: string; noun: string } | undefined> = { finding: { path: 'findings', noun: 'finding' }, incident: { path: 'incidents', noun: 'incident' } };
const link = 'font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700';

/** What made a system's review due before its date, each with the record that did, or what would. */
export function OpenTriggersCard({ triggers, sinceLastReview, overdue }: { triggers: Trigger[]; sinceLastReview: boolean; overdue: boolean }) {
  return (
    <Card title={`Open triggers (${triggers.length})`}>
      {triggers.length === 0 ? (
        <p className="text-sm text-slate-500">
          No event has triggered a review {sinceLastReview ? 'since the last one' : 'yet'}{overdue ? '; the periodic review is overdue all the same' : ''}. A new upstream dataset version, an expired waiver, a critical finding, a serious incident or a material policy change would.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="review-triggers">
          {triggers.map((t) => {
            const record = t.entityId && t.entityType ? RECORD_PAGES[t.entityType] : undefined;
            return (
              <li key={t.id} className="py-2">
                <span className="font-medium text-slate-900">{reviewTriggerLabel(t.reason)}</span> <span className="text-slate-500">· {formatDateTime(t.createdAt)}{t.dueBy ? <>, review due by <time dateTime={t.dueBy}>{formatDate(t.dueBy)}</time></> : null}</span>
                <p className="text-slate-700">{t.detail}{record ? <> · <Link href={`/${record.path}/${t.entityId}`} className={link}>Open the {record.noun}</Link></> : null}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
