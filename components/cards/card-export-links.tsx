const FORMATS = [
  ['pdf', 'PDF'],
  ['md', 'Markdown'],
  ['json', 'JSON'],
  ['cyclonedx', 'CycloneDX'],
] as const;

const LINK = 'rounded px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600';
// On a phone the label takes its own line so the four formats fit on one; from sm up the labels share a width and the
// formats line up. The second row, "Signed attestation", links the Sigstore bundle of each file, not the file.
const LABEL = 'w-full px-2 pt-1 text-xs font-medium text-slate-500 sm:w-28 sm:pt-0';

/**
 * Download links for the card being shown, in each export format of `GET /api/v1/model-versions/{id}/card`, and
 * under them Provenant's signed attestation of each file (`card/attestation`, same parameters).
 */
export function CardExportLinks({ versionId, view, requestId }: { versionId: string; view: 'current' | 'signed'; requestId?: string }) {
  const query = (format: string) => new URLSearchParams({ format, view, ...(requestId ? { request: requestId } : {}) }).toString();
  return (
    <div className="rounded-md border border-slate-200 bg-white p-1 shadow-xs">
      <nav aria-label="Export the card" className="flex flex-wrap items-center gap-1">
        <span className={LABEL}>Export</span>
        {FORMATS.map(([format, label]) => (
          <a key={format} href={`/api/v1/model-versions/${versionId}/card?${query(format)}`} download className={LINK}>
            {label}
          </a>
        ))}
      </nav>
      <nav aria-label="Download the signed attestation of an export" className="mt-1 flex flex-wrap items-center gap-1 border-t border-slate-100 pt-1">
        <span className={LABEL} title="A Sigstore bundle signed by Provenant: cosign verify-blob-attestation checks the export against it">
          Signed attestation
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

/** Download links for the system-level card (`GET /api/v1/systems/{id}/card`): no attestation, as it has no digest of its own. */
export function SystemCardExportLinks({ systemId }: { systemId: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white p-1 shadow-xs">
      <nav aria-label="Export the system card" className="flex flex-wrap items-center gap-1">
        <span className={LABEL}>Export</span>
        {FORMATS.filter(([format]) => format !== 'cyclonedx').map(([format, label]) => (
          <a key={format} href={`/api/v1/systems/${systemId}/card?format=${format}`} download className={LINK}>
            {label}
          </a>
        ))}
      </nav>
    </div>
  );
}
