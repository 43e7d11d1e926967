import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import type { WaitingReason } from '@/lib/integrations/mlflow/queries';
import { DIGEST_TAG } from '@/lib/integrations/mlflow/sync-version';

const WHY: Record<WaitingReason, string> = { awaiting_digest: `Awaiting the ${DIGEST_TAG} tag`, unmapped: 'No Provenant model mapped', refused: 'Refused (see its delivery)' };

type Row = { name: string; version: string; runId: string | null; updatedAt: string; mappedTo: string | null; reason: WaitingReason };

export function WaitingVersionsTable({ rows }: { rows: Row[] }) {
  return (
    <Table caption="MLflow versions not registered yet">
      <thead>
        <tr><Th>MLflow version</Th><Th>Why</Th><Th>Run id</Th><Th>Last heard</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((w) => (
          <tr key={`${w.name}/${w.version}`} className="align-top">
            <Td className="min-w-40 font-mono text-xs"><span className="break-all">{w.name}</span> <span className="whitespace-nowrap">version {w.version}</span></Td>
            <Td>{WHY[w.reason]}{w.mappedTo ? <span className="block text-xs text-slate-500">Maps to {w.mappedTo}</span> : null}</Td>
            <Td className="font-mono text-xs break-all">{w.runId ?? 'None'}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(w.updatedAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
