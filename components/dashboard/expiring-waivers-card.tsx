import Link from 'next/link';
import { SeverityBadge } from '@/components/findings/finding-badges';
import { Card } from '@/components/ui/card';
import type { expiringWaivers } from '@/lib/dashboard/finding-queues';
import { findingRef } from '@/lib/findings/raise-finding';
import { formatDate } from '@/lib/format/date-time';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = { waivers: Awaited<ReturnType<typeof expiringWaivers>>; days: number; now: Date };

/** Accepted risks whose waiver ends soon: renew the exception or the finding re-opens by itself on that day. */
export function ExpiringWaiversCard({ waivers, days, now }: Props) {
  const nowIso = now.toISOString();
  return (
    <Card title={`Accepted risks expiring within ${days} days (${waivers.total})`} actions={<Link href="/findings?status=accepted" className="text-sm font-medium text-indigo-700 hover:underline">All accepted risks</Link>}>
      <QueueList empty={`No accepted risk expires within ${days} days.`}>
        {waivers.items.map((w) => (
          <QueueRow key={w.waiverId} aside={<span className={w.expiresAt <= nowIso ? 'font-medium text-rose-700' : ''}>{w.expiresAt <= nowIso ? `Expired ${formatDate(w.expiresAt)}` : `Expires ${formatDate(w.expiresAt)}`}</span>}>
            <Link href={`/findings/${w.id}`} className={rowLink}>{findingRef(w.number)} {w.title}</Link>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
              <SeverityBadge severity={w.severity} />
              {w.systemName ? <span>{w.systemName}</span> : null}
              <span>accepted by {w.signedBy}</span>
            </p>
          </QueueRow>
        ))}
      </QueueList>
    </Card>
  );
}
