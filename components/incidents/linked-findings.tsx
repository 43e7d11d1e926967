import Link from 'next/link';
import { FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { formatDate } from '@/components/ui/format';
import { findingRef } from '@/lib/findings/raise-finding';
import type { getIncident } from '@/lib/incidents/queries';

type Incident = Pick<Awaited<ReturnType<typeof getIncident>>, 'findings' | 'systems' | 'serious'>;

/** The findings a serious incident raised on its systems: reference and title, severity, status, due date, system. */
export function LinkedFindings({ incident }: { incident: Incident }) {
  if (incident.findings.length === 0) {
    return <p className="text-sm text-slate-500">{incident.serious ? 'None.' : 'None: a finding is raised on each affected system for serious incidents only.'}</p>;
  }
  return (
    <ul className="space-y-3">
      {incident.findings.map((f) => (
        <li key={f.id} className="text-sm">
          <Link href={`/findings/${f.id}`} className="font-medium break-words text-indigo-700 hover:underline">
            {findingRef(f.number)} {f.title}
          </Link>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
            <SeverityBadge severity={f.severity} /> <FindingStatusBadge status={f.status} /> <span>due {formatDate(f.dueDate)}</span>
            <span className="text-slate-500">{incident.systems.find((s) => s.id === f.systemId)?.name}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
