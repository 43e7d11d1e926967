'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { INBOX_COUNTS_UP_TO } from '@/lib/inbox/counts';
import type { InboxSummary } from '@/lib/inbox/summary';

const matches = (pathname: string, href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
const shown = (count: number) => (count > INBOX_COUNTS_UP_TO ? `${INBOX_COUNTS_UP_TO}+` : String(count));
/** "8", or "25+" when a kind of action had more than the inbox lists. */
export const shownActions = (count: number, more: boolean) => `${shown(count)}${more && count <= INBOX_COUNTS_UP_TO ? '+' : ''}`;

type Props = { href: string; nested?: string[]; counts?: InboxSummary; children: string };

/** "Inbox, 3 to act on (1 overdue), 5 unread": what the badge and the dot show, after the visible label. */
function countsName(label: string, { actions, more, overdue, unread }: InboxSummary) {
  const parts = [...(actions > 0 ? [`${shownActions(actions, more)} to act on${overdue > 0 ? ` (${shown(overdue)} overdue)` : ''}`] : []), ...(unread > 0 ? [`${shown(unread)} unread`] : [])];
  return parts.length ? [label, ...parts].join(', ') : undefined;
}

/**
 * A sidebar link, current when the page is under it and not under one of its more specific `nested` links. The Inbox
 * carries its counts: a badge with how many things need the person (red when one is overdue) and a dot for unread
 * news, both in the link's name, which starts with the visible label.
 */
export function NavLink({ href, nested = [], counts, children }: Props) {
  const pathname = usePathname();
  const active = matches(pathname, href) && !nested.some((inner) => matches(pathname, inner));
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      aria-label={counts ? countsName(children, counts) : undefined}
      className={cn('flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm font-medium lg:py-1.5', active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white')}
    >
      {children}{' '}
      {counts && (counts.actions > 0 || counts.unread > 0) ? (
        <span aria-hidden className="flex items-center gap-1.5" data-testid="inbox-counts">
          {counts.unread > 0 ? <span className="size-2 rounded-full bg-sky-400" title={`${shown(counts.unread)} unread`} /> : null}
          {counts.actions > 0 ? (
            <span className={cn('min-w-5 rounded-full px-1.5 py-0.5 text-center text-xs leading-none font-semibold text-white tabular-nums', counts.overdue > 0 ? 'bg-rose-600' : 'bg-indigo-600')}>{shownActions(counts.actions, counts.more)}</span>
          ) : null}
        </span>
      ) : null}
    </Link>
  );
}
