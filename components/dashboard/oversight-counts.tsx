import Link from 'next/link';
import type { ReactNode } from 'react';
import { humanize } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { FINDING_STATUSES, INCIDENT_STATUSES, SEVERITIES } from '@/db/schema';
import type { findingCounts } from '@/lib/dashboard/finding-queues';
import type { incidentCounts } from '@/lib/dashboard/incident-queues';
import { plural } from '@/lib/words';

type Props = { findings: Awaited<ReturnType<typeof findingCounts>>; incidents: Awaited<ReturnType<typeof incidentCounts>> };

const cellLink = 'font-medium text-indigo-700 tabular-nums underline-offset-2 hover:underline';

/** A number that opens the list it counts; a zero stays plain text. */
function Count({ n, href, label }: { n: number; href: string; label: string }) {
  if (n === 0) return <span className="text-slate-400 tabular-nums">0</span>;
  return <Link href={href} className={cellLink} aria-label={`${n.toLocaleString('en')} ${label}`}>{n.toLocaleString('en')}</Link>;
}

/** Words that open the list they count, underlined as they sit in a sentence; about nothing, plain words. */
function Linked({ n, href, children }: { n: number; href: string; children: ReactNode }) {
  return n === 0 ? <>{children}</> : <Link href={href} className="text-indigo-700 underline underline-offset-2">{children}</Link>;
}

/** An auditor's overview: findings by severity and status (and overdue), incidents by status, each count linked. */
export function OversightCounts({ findings, incidents }: Props) {
  const cell = (severity: string, status: string) => findings.cells.find((c) => c.severity === severity && c.status === status)?.n ?? 0;
  const overdue = (severity: string) => findings.overdue.find((c) => c.severity === severity)?.n ?? 0;
  const incidentsIn = (status: string) => incidents.byStatus.find((s) => s.status === status)?.n ?? 0;
  return (
    <Card title={`Findings and incidents (${plural(findings.total, 'finding')}, ${plural(incidents.total, 'incident')})`} className="min-w-0 lg:col-span-2">
      <Table caption="Findings by severity and status">
        <thead>
          <tr>
            <Th>Severity</Th>
            {FINDING_STATUSES.map((s) => <Th key={s} numeric>{humanize(s)}</Th>)}
            <Th numeric>Overdue</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {SEVERITIES.map((severity) => (
            <tr key={severity}>
              <Th scope="row" className="normal-case">{humanize(severity)}</Th>
              {FINDING_STATUSES.map((status) => (
                <Td key={status} className="text-right">
                  <Count n={cell(severity, status)} href={`/findings?severity=${severity}&status=${status}`} label={`${severity} findings ${humanize(status).toLowerCase()}`} />
                </Td>
              ))}
              <Td className="text-right">
                <Count n={overdue(severity)} href={`/findings?severity=${severity}&overdue=true`} label={`${severity} findings overdue`} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="mt-3 text-sm text-slate-600">
        <Linked n={findings.overdueTotal} href="/findings?overdue=true">{plural(findings.overdueTotal, 'finding')} overdue</Linked> in all.
        {' '}Incidents:{' '}
        {INCIDENT_STATUSES.map((s, i) => (
          <span key={s}>
            {i > 0 ? ', ' : ''}
            <Linked n={incidentsIn(s)} href={`/incidents?status=${s}`}>{incidentsIn(s)} {humanize(s).toLowerCase()}</Linked>
          </span>
        ))}
        {incidents.late > 0 ? <span className="font-medium text-rose-700">; {plural(incidents.late, 'serious incident')} past the reporting deadline unreported</span> : null}.
      </p>
    </Card>
  );
}
