import Link from 'next/link';
import { formatDateTime } from '@/components/ui/format';
import type { ActivityItem } from '@/lib/dashboard/recent-activity';

/** Recent activity as sentences; the named record links to its page where it has one. */
export function ActivityList({ items }: { items: ActivityItem[] }) {
  if (items.length === 0) return <p className="py-2 text-sm text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="recent-activity">
      {items.map((item) => (
        <li key={item.seq} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 py-2 text-sm">
          <p className="min-w-0 flex-1 basis-64 wrap-anywhere text-slate-800">
            {item.parts.map((part, i) =>
              'text' in part ? (
                <span key={i}>{part.text}</span>
              ) : part.entity.href ? (
                <Link key={i} href={part.entity.href} className="font-medium text-indigo-700 hover:underline">{part.entity.label}</Link>
              ) : (
                <span key={i} className="font-medium">{part.entity.label}</span>
              ),
            )}
          </p>
          <span className="shrink-0 text-xs text-slate-500 tabular-nums">
            <time dateTime={item.at}>{formatDateTime(item.at)}</time> · #{item.seq}
          </span>
        </li>
      ))}
    </ol>
  );
}
