'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

/** The administration pages as tabs above each of them; the current one (or the page under it) is marked. */
export function AdminTabs({ sections }: { sections: [string, string][] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Administration" className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 pb-3 text-sm">
      {sections.map(([href, label]) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? 'page' : undefined}
            className={cn('rounded-md px-3 py-1.5 font-medium ring-1 ring-inset', current ? 'bg-indigo-600 text-white ring-indigo-600' : 'text-slate-700 ring-slate-300 hover:bg-slate-50')}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
