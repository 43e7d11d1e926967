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

/** News that asked for something settled since, and already read: it recedes under a fold. Unread news stays in view. */
const recedes = (n: InboxNotification) => n.since !== null && n.readAt !== null;

function NewsRow({ n, now, markRead }: { n: InboxNotification; now: Date; markRead: MarkRead }) {
  const isUnread = n.readAt === null;
  return (
    <QueueRow aside={isUnread ? <MarkReadButton action={markRead} input={{ ids: [n.id] }} done="Marked read." variant="ghost">Mark read<span className="sr-only">: {n.title}</span></MarkReadButton> : null}>
      <div className="flex min-w-0 items-start gap-2">
        <span aria-hidden className={cn('mt-1.5 size-2 shrink-0 rounded-full', isUnread ? 'bg-indigo-600' : 'bg-transparent')} />
        <div className="min-w-0 flex-1">
          {/* What it asked for was settled since: the news reads as past, its outcome first. */}
          {n.since ? <p className="text-xs font-semibold wrap-anywhere text-emerald-800"><span aria-hidden>✓ </span>Settled since: {n.since}</p> : null}
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
}

/**
 * The stored half of the inbox: what happened, newest first; unread items stand out and can be marked read. News whose
 * request was settled since (approved, withdrawn…) and that was read is folded under "Settled (n)" after the rest of
 * the page, a native disclosure that opens without script, so what still concerns the person comes first.
 */
export function NewsList({ items, total, unread, page, pageSize, now, markRead }: Props) {
  const current = items.filter((n) => !recedes(n));
  const settled = items.filter(recedes);
  const paged = total > pageSize || page > 1;
  const row = (n: InboxNotification) => <NewsRow key={n.id} n={n} now={now} markRead={markRead} />;
  return (
    <Card
      title={`News (${unread} unread)`}
      actions={unread > 0 ? <MarkReadButton action={markRead} input={{ all: true, through: now.toISOString() }} done="Every item is marked read.">Mark all as read</MarkReadButton> : null}
    >
      {current.length > 0 || settled.length === 0 ? (
        <QueueList empty="No news yet. You are told here when a finding is assigned to you or happens again, a waiver ends, a review falls due, an incident is recorded or a request awaits you.">{current.map(row)}</QueueList>
      ) : (
        <p className="py-2 text-sm text-slate-500">Nothing new{paged ? ' on this page' : ''}: what the news below asked for was settled since.</p>
      )}
      {settled.length > 0 ? (
        <details className="mt-2 border-t border-slate-100 pt-2">
          <summary className="cursor-pointer py-1.5 text-sm font-medium text-slate-700 hover:text-indigo-700">
            Settled{paged ? ' on this page' : ''} ({settled.length})<span className="font-normal text-slate-500"> · what these asked for was settled since</span>
          </summary>
          <QueueList empty="">{settled.map(row)}</QueueList>
        </details>
      ) : null}
      {paged ? <Pagination path="/inbox" params={{ pageSize: pageSize === 20 ? undefined : String(pageSize) }} page={page} pageSize={pageSize} total={total} /> : null}
    </Card>
  );
}
