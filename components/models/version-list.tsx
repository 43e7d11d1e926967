import Link from 'next/link';
import { ScanBadge, StageBadge } from '@/components/ui/badge';
import { formatBytes, formatDate } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { modelVersions } from '@/db/schema';
import { formatName } from '@/lib/artifacts/format-name';

type Row = { version: typeof modelVersions.$inferSelect; registeredBy: string };

const LINK = 'font-mono font-medium text-slate-900 hover:text-indigo-700';

/** A model's versions: one card each below 1280 px (nothing clipped beside the sidebar or on a phone), a table wider. */
export function VersionList({ modelId, rows }: { modelId: string; rows: Row[] }) {
  const href = (id: string) => `/models/${modelId}/versions/${id}`;
  return (
    <>
      <ul className="grid gap-3 md:grid-cols-2 xl:hidden" aria-label="Versions">
        {rows.map(({ version: v, registeredBy }) => (
          <li key={v.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
            <p className="flex flex-wrap items-center gap-2">
              <Link href={href(v.id)} className={LINK}>{v.version}</Link>
              <StageBadge stage={v.stage} />
              <ScanBadge status={v.scanStatus} />
            </p>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
              <div><dt className="text-xs text-slate-500">Format</dt><dd>{formatName(v.format)}</dd></div>
              <div><dt className="text-xs text-slate-500">Size</dt><dd className="tabular-nums">{formatBytes(v.artifactSize)}</dd></div>
              <div className="col-span-2"><dt className="text-xs text-slate-500">Artifact SHA-256</dt><dd><Mono>{v.artifactSha256}</Mono></dd></div>
              <div className="col-span-2"><dt className="text-xs text-slate-500">Registered</dt><dd className="tabular-nums">{formatDate(v.createdAt)} by {registeredBy}</dd></div>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden xl:block">
        <Table caption="Versions">
          <thead>
            <tr><Th>Version</Th><Th>Stage</Th><Th>Format</Th><Th>Artifact SHA-256</Th><Th numeric>Size</Th><Th>Scan</Th><Th>Registered</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map(({ version: v, registeredBy }) => (
              <tr key={v.id} className="hover:bg-slate-50">
                <Td><Link href={href(v.id)} className={LINK}>{v.version}</Link></Td>
                <Td><StageBadge stage={v.stage} /></Td>
                <Td className="whitespace-nowrap">{formatName(v.format)}</Td>
                <Td className="whitespace-nowrap"><Mono title={v.artifactSha256}>{v.artifactSha256.slice(0, 16)}…</Mono></Td>
                <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(v.artifactSize)}</Td>
                <Td className="whitespace-nowrap"><ScanBadge status={v.scanStatus} /></Td>
                <Td className="whitespace-nowrap tabular-nums">{formatDate(v.createdAt)}<p className="text-xs text-slate-500">by {registeredBy}</p></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  );
}
