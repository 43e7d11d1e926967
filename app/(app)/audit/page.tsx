import type { Metadata } from 'next';
import { AuditFilters } from '@/components/audit/audit-filters';
import { ChainStatus } from '@/components/audit/chain-status';
import { EntityLink } from '@/components/audit/event-summary';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { listAuditEvents } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { assertCan, can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { acknowledgeBreakAction } from './actions';

export const metadata: Metadata = { title: 'Audit trail' };

function Change({ label, json }: { label: string; json: string | null }) {
  if (!json) return null;
  return (
    <div>
      <span className="text-xs font-medium text-slate-500">{label}</span>
      <pre className="mt-0.5 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-snug break-all whitespace-pre-wrap text-slate-700">{JSON.stringify(JSON.parse(json), null, 1)}</pre>
    </div>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  forPage(() => assertCan(actor, 'audit.read'));
  const { query, raw, invalid } = parseSearchParams(ZListAuditQuery, await searchParams);
  const result = listAuditEvents(actor, query);
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, append-only and hash-chained: each event’s SHA-256 covers the previous hash and the event’s canonical JSON."
        actions={
          <>
            <ButtonLink href="/audit/packs" variant="secondary">Evidence packs</ButtonLink>
            <CsvDownloadLink path="/api/v1/exports/audit-events.csv" params={{ ...raw, page: undefined, pageSize: undefined }} label="Download CSV" description="Every event matching the current filters, in chain order" />
          </>
        }
      />
      <ChainStatus acknowledgeAction={actor.type === 'user' && can(actor, 'audit.acknowledge_break') ? acknowledgeBreakAction : undefined} />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      <AuditFilters values={raw} />
      {result.total === 0 ? (
        <EmptyState title="No events match these filters" />
      ) : (
        <Table caption="Audit events">
          <thead>
            <tr><Th>Seq</Th><Th>Time (UTC)</Th><Th>Actor</Th><Th>Action and change</Th><Th>Entity</Th><Th>Hash</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.items.map((e) => (
              <tr key={e.seq}>
                <Td className="tabular-nums whitespace-nowrap">{e.seq}</Td>
                <Td className="whitespace-nowrap tabular-nums">{e.at.replace('T', ' ').slice(0, 19)}</Td>
                <Td className="max-w-56">
                  <p className="truncate" title={e.actorLabel}>{e.actorLabel}</p>
                  <p className="text-xs text-slate-500">{e.actorType}{e.ip ? ` · ${e.ip}` : ''}</p>
                </Td>
                <Td className="w-full min-w-72">
                  <span className="font-mono text-xs whitespace-nowrap text-slate-800">{e.action}</span>
                  {e.before || e.after ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-indigo-700">Before / after</summary>
                      <div className="mt-1 space-y-1">
                        <Change label="Before" json={e.before} />
                        <Change label="After" json={e.after} />
                      </div>
                    </details>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap"><EntityLink type={e.entityType} id={e.entityId} /></Td>
                <Td className="whitespace-nowrap"><Mono title={e.hash}>{e.hash.slice(0, 12)}…</Mono></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/audit" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
