'use client';

import { useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { Logo } from './logo';
import { NavLink, shownActions } from './nav-link';
import { SignOutButton } from './sign-out-button';
import { useInboxSummary } from './use-inbox-summary';

/** `inbox`: whether the person has an inbox, whose counts show beside its link; `renderedAt`: when the server drew the frame. */
type Props = { links: [string, string][]; inbox: boolean; renderedAt: string; userName: string; roles: string };

/**
 * From lg up a fixed sidebar; below it a top bar whose menu button discloses the same navigation. One element names
 * the signed-in person at every width. Escape closes the menu and returns focus to its button.
 */
export function SideNavigation({ links, inbox, renderedAt, userName, roles }: Props) {
  const [open, setOpen] = useState(false);
  const counts = useInboxSummary(inbox, renderedAt);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close(true);
    }
  };
  const onPanelClick = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('a')) close(false);
  };
  return (
    <header
      onKeyDown={onKeyDown}
      className="on-dark sticky top-0 z-40 flex flex-wrap items-center gap-x-3 bg-slate-900 px-4 py-2.5 lg:h-screen lg:w-60 lg:shrink-0 lg:flex-col lg:flex-nowrap lg:items-stretch lg:px-3 lg:py-5"
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
        className="relative -ml-1 grid size-9 place-items-center rounded-md text-slate-200 hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-400 lg:hidden"
      >
        <span className="sr-only">Menu{counts && counts.actions > 0 ? `, inbox: ${shownActions(counts.actions, counts.more)} to act on${counts.overdue > 0 ? `, ${counts.overdue} overdue` : ''}` : ''}</span>
        {/* On a phone the navigation is folded away: the menu says there is something to act on. */}
        {counts && counts.actions > 0 ? <span aria-hidden className={cn('absolute top-1.5 right-1.5 size-2 rounded-full', counts.overdue > 0 ? 'bg-rose-500' : 'bg-indigo-400')} data-testid="menu-inbox-dot" /> : null}
        <svg aria-hidden focusable="false" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5.5h14M3 10h14M3 14.5h14" />}
        </svg>
      </button>
      <Logo className="lg:mb-6 lg:px-3" />
      <div
        id={panelId}
        onClick={onPanelClick}
        className={cn(
          'w-full basis-full overflow-y-auto border-t border-slate-800 pt-3 pb-2 max-lg:order-2 max-lg:max-h-[calc(100dvh-3.5rem)] lg:mt-0 lg:flex lg:flex-1 lg:basis-auto lg:border-0 lg:p-0',
          open ? 'mt-2.5 block' : 'hidden',
        )}
      >
        <nav aria-label="Main" className="flex flex-col gap-1 lg:flex-1">
          {links.map(([href, label]) => (
            <NavLink key={href} href={href} counts={href === '/inbox' ? counts : undefined} nested={links.map(([other]) => other).filter((other) => other.startsWith(`${href}/`))}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-3 border-t border-slate-800 px-3 pt-3 lg:hidden">
          <p className="text-xs text-slate-400">{roles}</p>
          <div className="mt-2">
            <SignOutButton />
          </div>
        </div>
      </div>
      {/* After the navigation in the document, so Sign out comes last for the keyboard too; on a phone it is drawn in the top bar. */}
      <div className="ml-auto min-w-0 text-right max-lg:order-1 lg:ml-0 lg:border-t lg:border-slate-800 lg:px-3 lg:pt-4 lg:text-left">
        <p className="max-w-40 truncate text-sm font-medium text-white sm:max-w-64 lg:max-w-none" data-testid="current-user">
          <Link href="/account" title="Your account and password" className="hover:underline">{userName}</Link>
        </p>
        <p className="hidden truncate text-xs text-slate-400 lg:block">{roles}</p>
        <div className="mt-3 hidden lg:block">
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
