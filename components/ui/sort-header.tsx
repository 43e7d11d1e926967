import Link from 'next/link';
import { cn } from './cn';
import { hrefWith } from './href';
import { Th } from './table';

type Sorting = { sort: string; dir: 'asc' | 'desc'; path: string; params: Record<string, string | undefined> };
type Props = Sorting & { label: string; column: string };

/** The list sorted by `column`: ascending first, the other way when it is already sorted by it; back to page 1. */
function sortHref({ column, sort, dir, path, params }: Omit<Props, 'label'>) {
  return hrefWith(path, { ...params, sort: column, dir: sort === column && dir === 'asc' ? 'desc' : 'asc', page: undefined });
}

const arrow = (active: boolean, dir: 'asc' | 'desc') => (
  <span aria-hidden className={active ? 'text-slate-900' : 'text-slate-300'}>
    {active && dir === 'desc' ? '↓' : '↑'}
  </span>
);

/** A column header that sorts the server-side list; the current direction is announced via aria-sort. */
export function SortHeader({ label, ...props }: Props) {
  const active = props.sort === props.column;
  return (
    <Th aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={sortHref(props)} className="inline-flex items-center gap-1 hover:text-slate-900">
        {label}
        {arrow(active, props.dir)}
      </Link>
    </Th>
  );
}

/** The same sorting where a list is shown as cards (no column headers): one link per column, the current one marked. */
export function SortLinks({ columns, className, ...sorting }: Sorting & { columns: [column: string, label: string][]; className?: string }) {
  return (
    <nav aria-label="Sort" className={cn('mb-3 flex flex-wrap items-center gap-x-1 gap-y-1 text-sm text-slate-600', className)}>
      <span className="mr-1">Sort by</span>
      {columns.map(([column, label]) => {
        const active = sorting.sort === column;
        return (
          <Link
            key={column}
            href={sortHref({ ...sorting, column })}
            aria-current={active ? 'true' : undefined}
            aria-label={active ? `${label}, sorted ${sorting.dir === 'asc' ? 'ascending' : 'descending'}` : undefined}
            className={cn('inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-slate-100', active && 'bg-white font-medium text-slate-900 ring-1 ring-slate-300 ring-inset')}
          >
            {label}
            {arrow(active, sorting.dir)}
          </Link>
        );
      })}
    </nav>
  );
}
