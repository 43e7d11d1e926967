const FORMATS = [
  ['pdf', 'PDF'],
  ['md', 'Markdown'],
  ['json', 'JSON'],
  ['cyclonedx', 'CycloneDX'],
] as const;

/** Download links for the card being shown, in each export format of `GET /api/v1/model-versions/{id}/card`. */
export function CardExportLinks({ versionId, view, requestId }: { versionId: string; view: 'current' | 'signed'; requestId?: string }) {
  const query = (format: string) => new URLSearchParams({ format, view, ...(requestId ? { request: requestId } : {}) }).toString();
  return (
    <nav aria-label="Export the card" className="flex items-center gap-1 rounded-md border border-slate-200 bg-white p-1 shadow-xs">
      <span className="px-2 text-xs font-medium text-slate-500">Export</span>
      {FORMATS.map(([format, label]) => (
        <a key={format} href={`/api/v1/model-versions/${versionId}/card?${query(format)}`} download className="rounded px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
          {label}
        </a>
      ))}
    </nav>
  );
}
