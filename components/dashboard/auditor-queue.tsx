import Link from 'next/link';
import { ChainStatus } from '@/components/audit/chain-status';
import { Badge } from '@/components/ui/badge';
import { humanize } from '@/lib/words';
import { Card } from '@/components/ui/card';
import { CsvDownloadLink } from '@/components/exports/csv-download-link';
import type { EvidencePackRecord } from '@/lib/packs/queries';
import { Age } from './age';
import { QueueList, QueueRow, rowLink } from './queue-list';

const EXPORTS = [
  ['/api/v1/exports/audit-events.csv', 'Audit events', 'Every audit event, in chain order'],
  ['/api/v1/exports/signatures.csv', 'Signatures', 'Every signature with its meaning and snapshot digest'],
  ['/api/v1/exports/inventory.csv', 'Inventory', 'Every AI system in the inventory'],
] as const;

/** An auditor's day: is the chain intact (verified as on the audit page), the latest packs, and the exports. */
export function AuditorQueue({ packs, now }: { packs: EvidencePackRecord[]; now: Date }) {
  return (
    <>
      <div className="lg:col-span-2 [&>section]:mb-0">
        <ChainStatus />
      </div>
      <Card title="Recent evidence packs" actions={<Link href="/audit/packs" className="text-sm font-medium text-indigo-700 hover:underline">All packs</Link>}>
        <QueueList empty="No evidence pack has been generated yet.">
          {packs.map((p) => (
            <QueueRow key={p.id} aside={<Age iso={p.createdAt} now={now} prefix="requested" />}>
              <p className={rowLink}>{p.scopeLabel}</p>
              <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <Badge tone={p.status === 'done' ? 'green' : p.status === 'failed' ? 'red' : 'amber'}>{humanize(p.status)}</Badge>
                <span>by {p.requestedBy.name}</span>
                {p.downloads ? (
                  <>
                    <a href={p.downloads.pdf} className="font-medium text-indigo-700 hover:underline">PDF</a>
                    <a href={p.downloads.zip} className="font-medium text-indigo-700 hover:underline">ZIP</a>
                  </>
                ) : null}
              </p>
            </QueueRow>
          ))}
        </QueueList>
      </Card>
      <Card title="Exports">
        <p className="mb-3 text-sm text-slate-600">CSV files of the whole record, as of now.</p>
        <div className="flex flex-wrap gap-2">
          {EXPORTS.map(([path, label, description]) => (
            <CsvDownloadLink key={path} path={path} label={label} description={description} />
          ))}
        </div>
      </Card>
    </>
  );
}
