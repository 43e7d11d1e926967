import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { listIncidents } from '@/lib/incidents/queries';
import { plural } from '@/lib/words';
import { DeadlineText, IncidentStatusBadge } from './incident-badges';

const SHOWN = 5;

/** A system's incidents on its page: open ones first with their countdown, and the way to record one. */
export async function SystemIncidentsCard({ actor, systemId, live }: { actor: Actor; systemId: string; live: boolean }) {
  const { items, total } = await listIncidents(actor, { systemId, page: 1, pageSize: SHOWN });
  return (
    <Card
      title="Incidents"
      actions={live && can(actor, 'incident.record') ? <ButtonLink variant="secondary" href={`/incidents/new?systemId=${systemId}`}>Record an incident</ButtonLink> : null}
    >
      {total === 0 ? (
        <p className="text-sm text-slate-500">No incident recorded for this system.</p>
      ) : (
        <ul className="space-y-3">
          {items.map((i) => (
            <li key={i.id} className="text-sm">
              <Link href={`/incidents/${i.id}`} className="font-medium text-indigo-700 hover:underline">{i.reference} {i.title}</Link>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                <IncidentStatusBadge status={i.status} />
                <DeadlineText incident={i} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {total > SHOWN ? <Link href={`/incidents?systemId=${systemId}`} className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:underline">All {plural(total, 'incident')}</Link> : null}
    </Card>
  );
}
