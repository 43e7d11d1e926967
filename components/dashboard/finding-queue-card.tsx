import Link from 'next/link';
import { FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { Card } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import type { QueueFinding } from '@/lib/dashboard/finding-queues';
import { findingRef } from '@/lib/findings/raise-finding';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = {
  title: string;
  items: QueueFinding[];
  /** All that match, when known: the card says how many it shows of them. */
  total?: number;
  empty: string;
  /** The findings list filtered to the same findings (one link per filter when the list cannot combine them). */
  all: { href: string; label: string }[];
  today: string;
  /** Whose finding it is matters to everyone but its owner. */
  showOwner?: boolean;
  className?: string;
};

/** A queue of findings, overdue first then by due date, each linked to its page; the full list is one link away. */
export function FindingQueueCard({ title, items, total, empty, all, today, showOwner = true, className }: Props) {
  return (
    <Card title={total === undefined ? title : `${title} (${total.toLocaleString('en')})`} className={className} actions={all.map((a) => <Link key={a.href} href={a.href} className="text-sm font-medium text-indigo-700 hover:underline">{a.label}</Link>)}>
      <QueueList empty={empty}>
        {items.map((f) => {
          const overdue = f.dueDate < today;
          return (
            <QueueRow key={f.id} aside={<span className={overdue ? 'font-medium text-rose-700' : ''}>{overdue ? `Overdue since ${f.dueDate}` : `Due ${f.dueDate}`}</span>}>
              <Link href={`/findings/${f.id}`} className={rowLink}>{findingRef(f.number)} {f.title}</Link>
              <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                <SeverityBadge severity={f.severity} />
                <FindingStatusBadge status={f.status} />
                {f.systemName ? <span>{f.systemName}</span> : null}
                {showOwner ? <span>owner <PersonName person={{ name: f.ownerName, email: f.ownerEmail }} /></span> : null}
              </p>
            </QueueRow>
          );
        })}
      </QueueList>
      {total !== undefined && total > items.length ? <p className="mt-2 text-xs text-slate-500">Showing the {items.length} due first of {total.toLocaleString('en')}.</p> : null}
    </Card>
  );
}
