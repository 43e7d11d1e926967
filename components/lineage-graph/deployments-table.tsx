import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { humanize } from '@/lib/words';
import { formatDateTime } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { listDeployments } from '@/lib/lineage/queries';

type Row = Awaited<ReturnType<typeof listDeployments>>[number];

export function DeploymentsTable({ rows }: { rows: Row[] }) {
  return (
    <Table caption="Deployments">
      <thead>
        <tr><Th>Environment</Th><Th>Endpoint</Th><Th>Model version</Th><Th>Running digest</Th><Th>Integrity</Th><Th>Reported</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ deployment: d, version, modelId, modelName, openFlags }) => (
          <tr key={d.id}>
            <Td><Badge tone={d.environment === 'production' ? 'green' : 'amber'}>{humanize(d.environment)}</Badge></Td>
            <Td><Link href={`/lineage?node=deployment:${d.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{d.endpoint}</Link></Td>
            <Td>{modelId ? <Link href={`/models/${modelId}/versions/${d.modelVersionId}`} className="hover:text-indigo-700">{modelName} @ {version}</Link> : <span className="text-rose-700">Untracked</span>}</Td>
            <Td className="whitespace-nowrap"><Mono title={d.reportedSha256}>{d.reportedSha256.slice(0, 12)}…</Mono></Td>
            <Td>{openFlags > 0 ? <Badge tone="red">{modelId ? 'Digest mismatch' : 'Untracked model'}</Badge> : <Badge tone="green">Matches</Badge>}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(d.reportedAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
