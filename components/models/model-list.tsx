import Link from 'next/link';
import { StageBadge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { SortHeader } from '@/components/ui/sort-header';
import { Table, Td, Th } from '@/components/ui/table';
import type { ModelListRow } from '@/lib/inventory/model-list';
import { plural } from '@/lib/words';

type Props = { rows: ModelListRow[]; sort: string; dir: 'asc' | 'desc'; params: Record<string, string | undefined> };

const versionHref = (modelId: string, versionId: string) => `/models/${modelId}/versions/${versionId}`;
const LINK = 'font-medium text-slate-900 hover:text-indigo-700';

function LatestVersion({ row }: { row: ModelListRow }) {
  if (!row.latest) return <span className="text-slate-500">No versions yet</span>;
  return (
    <>
      <Link href={versionHref(row.id, row.latest.id)} className={`font-mono ${LINK}`}>{row.latest.version}</Link>
      <p className="text-xs text-slate-500">{plural(row.versionCount, 'version')}</p>
    </>
  );
}

function Production({ row }: { row: ModelListRow }) {
  if (!row.production) return <span className="text-slate-500">None</span>;
  return <Link href={versionHref(row.id, row.production.id)} className={`font-mono ${LINK}`}>{row.production.version}</Link>;
}

/** One table: below 1280 px each model is a card (every column, captioned), so nothing is clipped beside the sidebar. */
export function ModelList({ rows, sort, dir, params }: Props) {
  const sortProps = { sort, dir, path: '/models', params };
  return (
    <Table caption="Models" cardsBelow="xl">
      <thead>
        <tr>
          <SortHeader label="Name" column="name" {...sortProps} />
          <Th>AI system</Th>
          <Th>Owner</Th>
          <Th>Latest version</Th>
          <Th>Stage</Th>
          <Th>In production</Th>
          <SortHeader label="Updated" column="updatedAt" {...sortProps} />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.id} className="hover:bg-slate-50">
            <Td className="min-w-40">
              <Link href={`/models/${row.id}`} className={`break-words ${LINK}`}>{row.name}</Link>
              {row.task ? <p className="text-xs text-slate-500">{row.task}</p> : null}
            </Td>
            <Td data-label="AI system" className="min-w-36"><Link href={`/systems/${row.systemId}`} className="hover:text-indigo-700">{row.systemName}</Link></Td>
            <Td data-label="Owner" className="whitespace-nowrap"><PersonName person={{ name: row.ownerName, email: row.ownerEmail }} /></Td>
            <Td data-label="Latest version" className="whitespace-nowrap"><LatestVersion row={row} /></Td>
            <Td data-label="Stage">{row.latest ? <StageBadge stage={row.latest.stage} /> : '—'}</Td>
            <Td data-label="In production" className="whitespace-nowrap"><Production row={row} /></Td>
            <Td data-label="Updated" className="whitespace-nowrap tabular-nums">{formatDate(row.updatedAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
