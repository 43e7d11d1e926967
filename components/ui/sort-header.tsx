import Link from 'next/link';
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
