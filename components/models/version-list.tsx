import Link from 'next/link';
import { ScanBadge, StageBadge } from '@/components/ui/badge';
import { formatBytes, formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { modelVersions } from '@/db/schema';
import { formatName } from '@/lib/artifacts/format-name';

type Row = { version: typeof modelVersions.$inferSelect; registeredBy: string; registeredByEmail: string };

const LINK = 'font-mono font-medium text-slate-900 hover:text-indigo-700';

/**
 * A model's versions: a table from 1280 px, one captioned card each below (nothing clipped beside the sidebar or on a
 * phone). The digest is whole in the page; the table shows its start, a card all of it.
 */
export function VersionList({ modelId, rows }: { modelId: string; rows: Row[] }) {
  const href = (id: string) => `/models/${modelId}/versions/${id}`;
  return (
    <Table caption="Versions" cardsBelow="xl">
      <thead>
        <tr><Th>Version</Th><Th>Stage</Th><Th>Format</Th><Th>Artifact SHA-256</Th><Th numeric>Size</Th><Th>Scan</Th><Th>Registered</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ version: v, registeredBy, registeredByEmail }) => (
          <tr key={v.id} className="hover:bg-slate-50">
            <Td><Link href={href(v.id)} className={`${LINK}`}>{v.version}</Link></Td>
            <Td data-label="Stage"><StageBadge stage={v.stage} /></Td>
            <Td data-label="Format" className="whitespace-nowrap">{formatName(v.format)}</Td>
            <Td data-label="Artifact SHA-256" className="max-xl:col-span-2">
              <span className="xl:block xl:w-36 xl:truncate"><Mono title={v.artifactSha256}>{v.artifactSha256}</Mono></span>
            </Td>
            <Td data-label="Size" className="text-right whitespace-nowrap tabular-nums">{formatBytes(v.artifactSize)}</Td>
            <Td data-label="Scan" className="whitespace-nowrap"><ScanBadge status={v.scanStatus} underScanHeading /></Td>
            <Td data-label="Registered" className="whitespace-nowrap tabular-nums max-xl:col-span-2">
              {formatDate(v.createdAt)}{' '}
              <p className="text-xs text-slate-500 max-xl:inline">by <PersonName person={{ name: registeredBy, email: registeredByEmail }} /></p>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
