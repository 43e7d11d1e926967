import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { humanize } from '@/lib/words';
import { formatDateTime } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { listDeployments } from '@/lib/lineage/queries';

type Row = Awaited<ReturnType<typeof listDeployments>>[number];

export function DeploymentsTable({ rows }: { rows: Row[] }) {
  return (
    <Table caption="Deployments" cardsBelow="md">
      <thead>
        <tr><Th>Endpoint</Th><Th>Environment</Th><Th>Model version</Th><Th>Running digest</Th><Th>Integrity</Th><Th>Reported</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ deployment: d, version, modelId, modelName, openFlags }) => (
          <tr key={d.id}>
            <Td><Link href={`/lineage?node=deployment:${d.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{d.endpoint}</Link></Td>
            <Td data-label="Environment"><Badge tone={d.environment === 'production' ? 'green' : 'amber'}>{humanize(d.environment)}</Badge></Td>
            <Td data-label="Model version">{modelId ? <Link href={`/models/${modelId}/versions/${d.modelVersionId}`} className="hover:text-indigo-700">{modelName} @ {version}</Link> : <span className="text-rose-700">Untracked</span>}</Td>
            <Td data-label="Running digest" className="whitespace-nowrap"><Mono title={d.reportedSha256}>{d.reportedSha256.slice(0, 12)}…</Mono></Td>
            <Td data-label="Integrity">{openFlags > 0 ? <Badge tone="red">{modelId ? 'Digest mismatch' : 'Untracked model'}</Badge> : <Badge tone="green">Matches</Badge>}</Td>
            <Td data-label="Reported" className="whitespace-nowrap">{formatDateTime(d.reportedAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
