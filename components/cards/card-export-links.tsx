const FORMATS = [
  ['pdf', 'PDF'],
  ['md', 'Markdown'],
  ['json', 'JSON'],
  ['cyclonedx', 'CycloneDX'],
] as const;

const LINK = 'rounded px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600';

/**
 * Download links for the card being shown, in each export format of `GET /api/v1/model-versions/{id}/card`, and
 * beside them Provenant's signed attestation of each file (`card/attestation`, same parameters).
 */
export function CardExportLinks({ versionId, view, requestId }: { versionId: string; view: 'current' | 'signed'; requestId?: string }) {
  const query = (format: string) => new URLSearchParams({ format, view, ...(requestId ? { request: requestId } : {}) }).toString();
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <nav aria-label="Export the card" className="flex flex-wrap items-center gap-1 rounded-md border border-slate-200 bg-white p-1 shadow-xs">
        <span className="px-2 text-xs font-medium text-slate-500">Export</span>
        {FORMATS.map(([format, label]) => (
          <a key={format} href={`/api/v1/model-versions/${versionId}/card?${query(format)}`} download className={LINK}>
            {label}
          </a>
        ))}
      </nav>
      <nav aria-label="Download the signed attestation of an export" className="flex flex-wrap items-center gap-1 rounded-md border border-slate-200 bg-white p-1 shadow-xs">
        <span className="px-2 text-xs font-medium text-slate-500" title="A Sigstore bundle signed by Provenant: cosign verify-blob-attestation checks the export against it">
          Attestation
        </span>
        {FORMATS.map(([format, label]) => (
          <a key={format} href={`/api/v1/model-versions/${versionId}/card/attestation?${query(format)}`} download aria-label={`Attestation of the ${label} export`} className={LINK}>
            {label}
          </a>
        ))}
      </nav>
    </div>
  );
}
