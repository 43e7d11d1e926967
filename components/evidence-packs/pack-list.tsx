'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge, type Tone } from '@/components/ui/badge';
import { humanize } from '@/lib/words';
import { EmptyState } from '@/components/ui/card';
import { formatBytes } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import type { EvidencePackRecord } from '@/lib/packs/queries';
import { REQUEUED_PHASE } from '@/lib/packs/schemas';
import { fetchPacks, isActive, PACKS_QUERY_KEY, type PackList as PackListData } from './pack-api';
import { plural } from '@/lib/words';

const STATUS_TONES: Record<string, Tone> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red' };

function Progress({ pack }: { pack: EvidencePackRecord }) {
  return (
    <div className="mt-1.5 w-52 whitespace-normal">
      <div role="progressbar" aria-label={`Progress of pack ${pack.id.slice(0, 8)}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pack.progress} className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-500" style={{ width: `${pack.progress}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {pack.status === 'queued'
          ? `Waiting for a free generator: number ${pack.queuePosition ?? '?'} in the queue${pack.phase === REQUEUED_PHASE ? `. ${REQUEUED_PHASE}.` : ''}`
          : `${pack.progress}% · ${pack.phase ?? 'Starting'}`}
      </p>
    </div>
  );
}

function Digest({ label, value }: { label: string; value: string | null }) {
  if (!value) return null;
  return (
    <p className="text-xs text-slate-500">
      {label} <code className="font-mono break-all text-slate-700" title={value}>{value}</code>
    </p>
  );
}

function Result({ pack }: { pack: EvidencePackRecord }) {
  if (pack.status === 'failed') return <p className="max-w-md text-sm text-rose-700">{pack.error}</p>;
  if (!pack.downloads) return <span className="text-sm text-slate-500">—</span>;
  return (
    <div className="max-w-md space-y-1">
      <div className="flex flex-wrap gap-3 text-sm">
        <a href={pack.downloads.pdf} download className="font-medium text-indigo-700 hover:underline">
          PDF ({pack.pageCount === null ? '' : `${plural(pack.pageCount, 'page')}, `}{formatBytes(pack.pdfSize)})
        </a>
        <a href={pack.downloads.zip} download className="font-medium text-indigo-700 hover:underline">
          ZIP ({formatBytes(pack.zipSize)})
        </a>
      </div>
      <Digest label="PDF SHA-256" value={pack.pdfSha256} />
      <Digest label="ZIP SHA-256" value={pack.zipSha256} />
    </div>
  );
}

/** Packs newest first, polled every second while one is queued or running. */
export function PackList({ initial }: { initial: PackListData }) {
  const { data, error } = useQuery({
    queryKey: PACKS_QUERY_KEY,
    queryFn: fetchPacks,
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.items.some(isActive) ? 1000 : false),
  });
  return (
    <div aria-live="polite">
      {error ? (
        <p role="alert" className="mb-3 rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
          Could not refresh the list: {(error as Error).message}
        </p>
      ) : null}
      {data.items.length === 0 ? (
        <EmptyState title="No evidence packs yet">Generated packs appear here with their progress, digests and downloads.</EmptyState>
      ) : (
        <Table caption="Evidence packs" cardsBelow="md">
          <thead>
            <tr><Th>Requested</Th><Th>Scope and period</Th><Th>Status</Th><Th>Files</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.items.map((pack) => (
              <tr key={pack.id} id={`pack-${pack.id}`} className="scroll-mt-20 target:bg-indigo-50" data-testid="evidence-pack-row" data-status={pack.status} data-queue-position={pack.queuePosition ?? undefined}>
                <Td className="md:whitespace-nowrap">
                  <p className="tabular-nums">{formatDateTime(pack.createdAt)}</p>
                  <p className="text-xs text-slate-500">{pack.requestedBy.name}</p>
                </Td>
                <Td data-label="Scope and period" className="md:min-w-56">
                  <p className="wrap-anywhere text-slate-900">{pack.scopeLabel}</p>
                  <p className="text-xs text-slate-500">{pack.periodFrom || pack.periodTo ? `${pack.periodFrom ?? 'start'} → ${pack.periodTo ?? 'now'}` : 'All time'}</p>
                </Td>
                <Td data-label="Status" className="md:whitespace-nowrap">
                  <Badge tone={STATUS_TONES[pack.status]}>{humanize(pack.status)}</Badge>
                  {isActive(pack) ? <Progress pack={pack} /> : pack.finishedAt ? <p className="mt-1 text-xs text-slate-500">{formatDateTime(pack.finishedAt)}</p> : null}
                </Td>
                <Td data-label="Files" className="max-md:col-span-2 md:min-w-[24rem]"><Result pack={pack} /></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.total > data.items.length ? <p className="mt-2 text-xs text-slate-500">Showing the {data.items.length} most recent of {data.total} packs.</p> : null}
    </div>
  );
}
