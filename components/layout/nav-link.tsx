'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

const matches = (pathname: string, href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));

/** A sidebar link, current when the page is under it and not under one of its more specific `nested` links. */
export function NavLink({ href, nested = [], children }: { href: string; nested?: string[]; children: ReactNode }) {
  const pathname = usePathname();
  const active = matches(pathname, href) && !nested.some((inner) => matches(pathname, inner));
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={cn('block rounded-md px-3 py-2 text-sm font-medium', active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white')}
    >
      {children}
    </Link>
  );
}
