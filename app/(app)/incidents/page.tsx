import type { Metadata } from 'next';
import Link from 'next/link';
import { SeverityBadge } from '@/components/findings/finding-badges';
import { DeadlineText, IncidentStatusBadge } from '@/components/incidents/incident-badges';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { formatDateTime } from '@/components/ui/format';
import { hrefWith } from '@/components/ui/href';
import { Pagination } from '@/components/ui/pagination';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { listIncidents, systemOption } from '@/lib/incidents/queries';
import { ZListIncidentsQuery } from '@/lib/incidents/schemas';

export const metadata: Metadata = { title: 'Incidents' };

const FILTERS = [
  [undefined, 'All'],
  ['open', 'Open'],
  ['reported', 'Reported'],
  ['closed', 'Closed'],
] as const;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw, invalid } = parseSearchParams(ZListIncidentsQuery, await searchParams);
  const result = await listIncidents(actor, query);
  const canRecord = can(actor, 'incident.record');
  const system = await systemOption(actor, query.systemId);
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Incidents with the AI systems they affect. A serious incident must reach the market surveillance authority within 15 days of becoming aware, 10 where a death may be involved, 2 for a widespread infringement or critical infrastructure (EU AI Act Art. 73)."
        actions={canRecord ? <ButtonLink href="/incidents/new">Record an incident</ButtonLink> : null}
      />
      {invalid ? <p role="status" className="mb-3 text-sm text-amber-700">Some filters were not valid and were reset.</p> : null}
      {query.systemId ? (
        <p className="mb-3 text-sm text-slate-700">
          Incidents of {system ? <Link href={`/systems/${system.id}`} className="font-medium text-indigo-700 underline">{system.name}</Link> : 'an unknown system'}.{' '}
          <Link href={hrefWith('/incidents', { ...raw, systemId: undefined, page: undefined })} className="font-medium text-indigo-700 underline">Show every system’s</Link>
        </p>
      ) : null}
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {FILTERS.map(([status, label]) => (
          <Link
            key={label}
            href={hrefWith('/incidents', { ...raw, status, page: undefined })}
            aria-current={query.status === status ? 'page' : undefined}
            className={cn('rounded-md px-3 py-1.5 ring-1 ring-inset', query.status === status ? 'bg-indigo-600 text-white ring-indigo-600' : 'text-slate-700 ring-slate-300 hover:bg-slate-50')}
          >
            {label}
          </Link>
        ))}
      </nav>
      {result.total === 0 ? (
        <EmptyState title={query.status ? `No ${query.status} incidents` : 'No incidents recorded'}>
          {canRecord ? (
            <>When an AI system malfunctions or causes harm, <Link href="/incidents/new" className="font-medium text-indigo-700 underline">record an incident</Link> to start its reporting clock and timeline.</>
          ) : (
            'Incidents recorded by the teams will be listed here.'
          )}
        </EmptyState>
      ) : (
        <Table caption="Incidents" cardsBelow="md">
          <thead>
            <tr>
              <Th>Incident</Th>
              <Th>Report to the authority</Th>
              <Th>Severity</Th>
              <Th>Status</Th>
              <Th>Became aware</Th>
              <Th>Owner</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.items.map((i) => (
              <tr key={i.id} className="hover:bg-slate-50">
                <Td className="max-w-80 min-w-56">
                  <Link href={`/incidents/${i.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {i.reference} {i.title}
                  </Link>
                  <p className="text-xs text-slate-500">{i.systems.map((s) => s.name).join(', ')}</p>
                </Td>
                {/* On a phone the countdown is the card's first field, across its width. */}
                <Td data-label="Report to the authority" className="min-w-56 max-md:col-span-2">
                  <DeadlineText incident={i} />
                </Td>
                <Td data-label="Severity">
                  <div className="flex flex-col items-start gap-1">
                    <SeverityBadge severity={i.severity} />
                    {i.serious ? <Badge tone="red">Serious</Badge> : null}
                  </div>
                </Td>
                <Td data-label="Status"><IncidentStatusBadge status={i.status} /></Td>
                <Td data-label="Became aware" className="whitespace-nowrap tabular-nums"><time dateTime={i.awareAt}>{formatDateTime(i.awareAt)}</time></Td>
                <Td data-label="Owner" className="max-w-40"><p className="truncate"><PersonName person={{ name: i.ownerName, email: i.ownerEmail }} /></p></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination path="/incidents" params={raw} page={query.page} pageSize={query.pageSize} total={result.total} />
    </>
  );
}
