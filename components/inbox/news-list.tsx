import { Age } from '@/components/dashboard/age';
import { QueueList, QueueRow, rowLink } from '@/components/dashboard/queue-list';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Pagination } from '@/components/ui/pagination';
import type { InboxNotification } from '@/lib/inbox/notifications';
import { humanize } from '@/lib/words';
import { MarkReadButton, type MarkRead } from './mark-read-button';
import { NotificationLink } from './notification-link';
import { UnbrokenDates } from '@/components/ui/unbroken-dates';

type Props = { items: InboxNotification[]; total: number; unread: number; page: number; pageSize: number; now: Date; markRead: MarkRead };

/** Event types said otherwise than as their code name in words ("finding.status_changed" → "Finding status changed"). */
const EVENT_WORDS: Record<string, string> = { 'user.role_requested': 'Role to confirm', 'user.role_decided': 'Role decided', 'system.tier_confirmed': 'Tier confirmed', 'finding.waived': 'Risk accepted', 'finding.waiver_proposed': 'Risk acceptance to decide', 'finding.waiver_declined': 'Risk acceptance declined' };
const eventLabel = (type: string) => EVENT_WORDS[type] ?? humanize(type.replace('.', ' '));

/** The stored half of the inbox: what happened, newest first; unread items stand out and can be marked read. */
export function NewsList({ items, total, unread, page, pageSize, now, markRead }: Props) {
  return (
    <Card
      title={`News (${unread} unread)`}
      actions={unread > 0 ? <MarkReadButton action={markRead} input={{ all: true, through: now.toISOString() }} done="Every item is marked read.">Mark all as read</MarkReadButton> : null}
    >
      <QueueList empty="No news yet. You are told here when a finding is assigned to you or happens again, a waiver ends, a review falls due, an incident is recorded or a request awaits you.">
        {items.map((n) => {
          const isUnread = n.readAt === null;
          return (
            <QueueRow key={n.id} aside={isUnread ? <MarkReadButton action={markRead} input={{ ids: [n.id] }} done="Marked read." variant="ghost">Mark read<span className="sr-only">: {n.title}</span></MarkReadButton> : null}>
              <div className="flex items-start gap-2">
                <span aria-hidden className={cn('mt-1.5 size-2 shrink-0 rounded-full', isUnread ? 'bg-indigo-600' : 'bg-transparent')} />
                <div className="min-w-0">
                  {/* What it asked for was settled since: the news reads as past, its outcome first. */}
                  {n.since ? <p className="text-xs font-semibold text-emerald-800"><span aria-hidden>✓ </span>Settled since: {n.since}</p> : null}
                  <NotificationLink id={n.id} href={n.href} unread={isUnread} markRead={markRead} className={cn('block', rowLink, !isUnread && 'font-normal text-slate-700', n.since && 'text-slate-500')}>
                    {isUnread ? <span className="sr-only">Unread: </span> : null}
                    <UnbrokenDates text={n.title} />
                  </NotificationLink>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {eventLabel(n.type)} · <Age iso={n.createdAt} now={now} />
                  </p>
                </div>
              </div>
            </QueueRow>
          );
        })}
      </QueueList>
      {total > pageSize || page > 1 ? <Pagination path="/inbox" params={{ pageSize: pageSize === 20 ? undefined : String(pageSize) }} page={page} pageSize={pageSize} total={total} /> : null}
    </Card>
  );
}
