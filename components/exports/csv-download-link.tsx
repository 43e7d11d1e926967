import { hrefWith } from '@/components/ui/href';

type Props = { path: string; params?: Record<string, string | undefined>; label: string; description: string; note?: string };

/**
 * A CSV download styled as a secondary button. A plain link, not next/link: a file is never prefetched or routed
 * client-side, and the browser saves it under the server's dated filename. A `note` (what the file will hold)
 * is shown under the link and read with it, not hidden in a tooltip.
 */
export function CsvDownloadLink({ path, params = {}, label, description, note }: Props) {
  const noteId = note ? `csv-note-${path.replace(/[^a-z0-9]+/gi, '-')}` : undefined;
  const link = (
    <a
      href={hrefWith(path, params)}
      download
      title={description}
      aria-describedby={noteId}
      className="inline-flex items-center justify-center gap-1.5 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset transition-colors hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <span aria-hidden="true">↓</span>
      {label}
    </a>
  );
  if (!note) return link;
  return (
    <span className="inline-flex flex-col items-start gap-1">
      {link}
      {/* As wide as the link, never wider: a long note would otherwise push the header's other buttons away. */}
      <span id={noteId} className="w-full text-xs text-slate-500 [contain:inline-size]" data-testid="csv-note">{note}</span>
    </span>
  );
}
