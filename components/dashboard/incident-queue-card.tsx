import Link from 'next/link';
import { SeverityBadge } from '@/components/findings/finding-badges';
import { DeadlineText, IncidentStatusBadge } from '@/components/incidents/incident-badges';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import type { ownOpenIncidents } from '@/lib/dashboard/incident-queues';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = { title: string; incidents: Awaited<ReturnType<typeof ownOpenIncidents>>; total?: number; empty: string; className?: string };

/** Incidents with their Art. 73 countdown: late reports in red, each linked to the incident's page. */
export function IncidentQueueCard({ title, incidents, total, empty, className }: Props) {
  return (
    <Card title={total === undefined ? title : `${title} (${total})`} className={className} actions={<Link href="/incidents" className="text-sm font-medium text-indigo-700 hover:underline">All incidents</Link>}>
      <QueueList empty={empty}>
        {incidents.map((i) => (
          <QueueRow key={i.id} aside={<IncidentStatusBadge status={i.status} />}>
            <Link href={`/incidents/${i.id}`} className={rowLink}>{i.reference} {i.title}</Link>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
              <SeverityBadge severity={i.severity} />
              {i.serious ? <Badge tone="red">Serious</Badge> : null}
              <DeadlineText incident={i} />
              <span>owner <PersonName person={{ name: i.ownerName, email: i.ownerEmail }} /></span>
            </p>
          </QueueRow>
        ))}
      </QueueList>
    </Card>
  );
}
