import Link from 'next/link';
import { Badge, StatusBadge, TierBadge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import type { listSystems } from '@/lib/inventory/queries';
import { plural } from '@/lib/words';

type System = Awaited<ReturnType<typeof listSystems>>['items'][number];

/** The inventory as cards, for screens too narrow for its seven columns: every column's value, labelled. */
export function SystemCards({ systems, className }: { systems: System[]; className?: string }) {
  return (
    <ul aria-label="AI systems" className={`grid gap-3 md:grid-cols-2 ${className ?? ''}`}>
      {systems.map((s) => (
        <li key={s.id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <div className="flex items-start justify-between gap-3">
            <Link href={`/systems/${s.id}`} className="min-w-0 font-medium break-words text-slate-900 hover:text-indigo-700">{s.name}</Link>
            <TierBadge tier={s.riskTier} />
          </div>
          <p className="mt-1 line-clamp-2 text-xs text-slate-500" title={s.purpose}>{s.purpose}</p>
          <div className="mt-2 flex flex-wrap items-center gap-1.5">
            <StatusBadge status={s.lifecycleStatus} />
            {s.generalPurposeModel ? <Badge tone="blue">GPAI</Badge> : null}
            {s.thirdParty ? <Badge tone="indigo" title="Third-party AI service">Vendor: {s.vendorName}</Badge> : null}
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-xs">
            <div className="min-w-0">
              <dt className="text-slate-500">Owner</dt>
              <dd className="truncate text-slate-800" title={`${s.ownerName} · ${s.businessOwner}`}>{s.ownerName}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Models</dt>
              <dd className="text-slate-800">{plural(s.modelCount, 'model')} · {plural(s.versionCount, 'version')}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Next review</dt>
              <dd className="text-slate-800 tabular-nums">{formatDate(s.nextReviewDate)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Updated</dt>
              <dd className="text-slate-800 tabular-nums">{formatDate(s.updatedAt)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
