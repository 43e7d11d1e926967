'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { UNREAD_SHOWN_UP_TO } from './unread';

const matches = (pathname: string, href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));

type Props = { href: string; nested?: string[]; unread?: number; children: string };

/**
 * A sidebar link, current when the page is under it and not under one of its more specific `nested` links. An unread
 * count shows as a badge and is part of the link's name ("Inbox, 3 unread"), which starts with the visible label.
 */
export function NavLink({ href, nested = [], unread = 0, children }: Props) {
  const pathname = usePathname();
  const active = matches(pathname, href) && !nested.some((inner) => matches(pathname, inner));
  // The name says what the badge shows ("Inbox, 99+ unread"), so it always contains the visible text.
  const shown = unread > UNREAD_SHOWN_UP_TO ? `${UNREAD_SHOWN_UP_TO}+` : String(unread);
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      aria-label={unread > 0 ? `${children}, ${shown} unread` : undefined}
      className={cn('flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm font-medium lg:py-1.5', active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white')}
    >
      {children}{' '}
      {unread > 0 ? (
        <span aria-hidden className="min-w-5 rounded-full bg-indigo-600 px-1.5 py-0.5 text-center text-xs leading-none font-semibold text-white tabular-nums">
          {shown}
        </span>
      ) : null}
    </Link>
  );
}
