'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { MouseEvent, ReactNode } from 'react';
import type { MarkRead } from './mark-read-button';

type Props = { id: string; href: string; unread: boolean; markRead: MarkRead; className?: string; children: ReactNode };

/**
 * An inbox item's link: opening an unread item marks it read first, then goes there, and the navigation's count
 * follows. Opened in a new tab it is marked read alongside. Without script it is a plain link (the item stays unread).
 */
export function NotificationLink({ id, href, unread, markRead, className, children }: Props) {
  const router = useRouter();
  const markInBackground = () => void markRead({ ids: [id] }).then(() => router.refresh());
  const onClick = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (!unread) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return markInBackground();
    event.preventDefault();
    await markRead({ ids: [id] });
    router.push(href);
    router.refresh();
  };
  return (
    <Link href={href} onClick={onClick} onAuxClick={(event) => unread && event.button === 1 && markInBackground()} className={className}>
      {children}
    </Link>
  );
}
