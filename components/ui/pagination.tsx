import Link from 'next/link';
import { hrefWith } from './href';

type Props = { path: string; params: Record<string, string | undefined>; page: number; pageSize: number; total: number };

export function Pagination({ path, params, page, pageSize, total }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = (p: number, label: string, rel: string) =>
    p < 1 || p > pages ? (
      <span className="rounded-md px-3 py-1.5 text-slate-300" aria-disabled="true">{label}</span>
    ) : (
      <Link rel={rel} href={hrefWith(path, { ...params, page: p })} className="rounded-md px-3 py-1.5 text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
        {label}
      </Link>
    );
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center justify-between text-sm text-slate-600">
      <p>
        {total === 0 ? 'No results' : <>Showing <strong>{first.toLocaleString('en')}</strong>–<strong>{last.toLocaleString('en')}</strong> of <strong>{total.toLocaleString('en')}</strong></>}
      </p>
      <div className="flex items-center gap-2">
        {link(page - 1, 'Previous', 'prev')}
        <span className="px-1">Page {page} of {pages.toLocaleString('en')}</span>
        {link(page + 1, 'Next', 'next')}
      </div>
    </nav>
  );
}
