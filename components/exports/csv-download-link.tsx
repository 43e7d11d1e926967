import { hrefWith } from '@/components/ui/href';

type Props = { path: string; params?: Record<string, string | undefined>; label: string; description: string };

/**
 * A CSV download styled as a secondary button. A plain link, not next/link: a file is never prefetched or routed
 * client-side, and the browser saves it under the server's dated filename.
 */
export function CsvDownloadLink({ path, params = {}, label, description }: Props) {
  return (
    <a
      href={hrefWith(path, params)}
      download
      title={description}
      className="inline-flex items-center justify-center gap-1.5 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset transition-colors hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <span aria-hidden="true">↓</span>
      {label}
    </a>
  );
}
