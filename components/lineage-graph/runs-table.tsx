import Link from 'next/link';
import type { trainingRuns } from '@/db/schema';
import { formatDate } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { jobTypeLabel } from '@/lib/lineage/job-type-label';
import { humanize } from '@/lib/words';

type Run = Pick<typeof trainingRuns.$inferSelect, 'id' | 'jobName' | 'jobNamespace' | 'jobType' | 'externalRunId' | 'state' | 'lastEventTime' | 'codeCommit' | 'createdAt'>;

/** Training runs (and the other jobs OpenLineage reports), each linking to its record. */
export function RunsTable({ runs }: { runs: Run[] }) {
  return (
    <Table caption="Training runs" cardsBelow="md">
      <thead>
        <tr><Th>Job</Th><Th>Run id</Th><Th>State</Th><Th>Code</Th><Th>Recorded</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {runs.map((r) => (
          <tr key={r.id}>
            <Td>
              <Link href={`/lineage/runs/${r.id}`} className="font-medium wrap-anywhere text-slate-900 hover:text-indigo-700">{r.jobName}</Link>
              <p className="text-xs wrap-anywhere text-slate-500">{r.jobNamespace}{jobTypeLabel(r.jobType) ? ` · ${jobTypeLabel(r.jobType)}` : ''}</p>
            </Td>
            <Td data-label="Run id"><Mono>{r.externalRunId}</Mono></Td>
            <Td data-label="State">{r.state === 'OTHER' && r.lastEventTime === null ? 'Known only as a parent' : humanize(r.state.toLowerCase())}</Td>
            <Td data-label="Code"><Mono>{r.codeCommit ? r.codeCommit.slice(0, 12) : '—'}</Mono></Td>
            <Td data-label="Recorded" className="whitespace-nowrap">{formatDate(r.createdAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
