import Link from 'next/link';
import { hrefWith } from './href';
import { Th } from './table';

type Props = { label: string; column: string; sort: string; dir: 'asc' | 'desc'; path: string; params: Record<string, string | undefined> };

/** A column header that sorts the server-side list; the current direction is announced via aria-sort. */
export function SortHeader({ label, column, sort, dir, path, params }: Props) {
  const active = sort === column;
  const nextDir = active && dir === 'asc' ? 'desc' : 'asc';
  return (
    <Th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={hrefWith(path, { ...params, sort: column, dir: nextDir, page: undefined })} className="inline-flex items-center gap-1 hover:text-slate-900">
        {label}
        <span aria-hidden className={active ? 'text-slate-900' : 'text-slate-300'}>
          {active && dir === 'desc' ? '↓' : '↑'}
        </span>
      </Link>
    </Th>
  );
}
