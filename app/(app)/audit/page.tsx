import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilters } from '@/components/audit/audit-filters';
import { ChainStatus } from '@/components/audit/chain-status';
import { LedgerTable } from '@/components/audit/ledger-table';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { listAuditLedger } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { assertCan, can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { resolveEntityNames } from '@/lib/dashboard/entity-names';
import { acknowledgeBreakAction } from './actions';

export const metadata: Metadata = { title: 'Audit trail' };

/** What a history link is about: a model version or a system, by name; its id when it is neither. */
async function historyName(about: string) {
  const names = await resolveEntityNames([{ type: 'model_version', id: about }, { type: 'ai_system', id: about }]);
  return names.get(`model_version:${about}`)?.label ?? names.get(`ai_system:${about}`)?.label ?? about;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'audit.read'));
  const { query, raw, invalid, problems } = parseSearchParams(ZListAuditQuery, await searchParams);
  const result = await listAuditLedger(actor, query);
  const history = query.about ? await historyName(query.about) : null;
  const withoutAbout = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => e[0] !== 'about' && e[0] !== 'page' && typeof e[1] === 'string'));
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
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset: {problems.join(' ')}</p> : null}
      {history ? (
        <p role="note" className="mb-3 text-sm text-slate-700">
          The history of <span className="font-medium">{history}</span>: its own events and those of the records under it.{' '}
          <Link href={{ pathname: '/audit', query: withoutAbout }} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">Show every event</Link>
        </p>
      ) : null}
      <AuditFilters values={raw} />
      {result.total === 0 ? (
        <EmptyState title="No events match these filters" />
      ) : (
        <LedgerTable events={result.items} />
      )}
      <Pagination path="/audit" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
