import Link from 'next/link';
import { pageWindow } from '@/lib/http/search-params';
import { plural } from '@/lib/words';
import { hrefWith } from './href';

type Props = { path: string; params: Record<string, string | undefined>; page: number; pageSize: number; total: number };

const LINK = 'rounded-md px-3 py-1.5 text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50';

/** Paging for every server-side list; a page past the end (an old bookmark, an edited URL) says so and links back. */
export function Pagination({ path, params, page, pageSize, total }: Props) {
  const w = pageWindow({ page, pageSize, total });
  const href = (p: number) => hrefWith(path, { ...params, page: p === 1 ? undefined : p });
  if (w.pastEnd) {
    return (
      <nav aria-label="Pagination" className="mt-3 rounded-lg border border-dashed border-slate-300 px-6 py-8 text-center text-sm">
        <p className="font-medium text-slate-900">Page {page.toLocaleString('en')} is past the end of this list</p>
        <p className="mt-1 text-slate-600">{total === 0 ? 'Nothing matches.' : `It holds ${plural(total, 'result')} on ${plural(w.pages, 'page')}.`}</p>
        <Link href={href(w.pages)} className={`mt-4 inline-block font-medium ${LINK}`}>
          {w.pages === 1 ? 'Go to the first page' : `Go to the last page (${w.pages.toLocaleString('en')})`}
        </Link>
      </nav>
    );
  }
  const link = (p: number, label: string, rel: string) =>
    p < 1 || p > w.pages ? (
      <span className="rounded-md px-3 py-1.5 text-slate-400" aria-disabled="true">{label}</span>
    ) : (
      <Link rel={rel} href={href(p)} className={LINK}>{label}</Link>
    );
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm text-slate-600">
      <p>
        {total === 0 ? 'No results' : <>Showing <strong>{w.first.toLocaleString('en')}</strong>–<strong>{w.last.toLocaleString('en')}</strong> of <strong>{total.toLocaleString('en')}</strong></>}
      </p>
      <div className="flex items-center gap-2">
        {link(page - 1, 'Previous', 'prev')}
        <span className="px-1">Page {page.toLocaleString('en')} of {w.pages.toLocaleString('en')}</span>
        {link(page + 1, 'Next', 'next')}
      </div>
    </nav>
  );
}
