/** A plain GET search box: the query lives in the URL, so results can be bookmarked and work without JavaScript. */
export function SearchForm({ label, defaultValue }: { label: string; defaultValue?: string }) {
  return (
    <form method="get" role="search" className="mb-4 flex gap-3">
      <input name="q" defaultValue={defaultValue} aria-label={label} placeholder={label} className="w-72 rounded-md border-0 px-3 py-2 text-sm shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600" />
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">Search</button>
    </form>
  );
}
