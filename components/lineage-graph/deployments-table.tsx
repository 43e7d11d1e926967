import Link from 'next/link';
import type { ComponentProps } from 'react';
import { Badge } from '@/components/ui/badge';
import { PersonName } from '@/components/ui/person';
import { humanize } from '@/lib/words';
import { formatDateTime } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { listDeployments } from '@/lib/lineage/queries';
import { deploymentProblemLabel, deploymentStageProblem } from '@/lib/integrity/kind-labels';
import { HandOverDialog } from './hand-over-dialog';

type Row = Awaited<ReturnType<typeof listDeployments>>['items'][number];
type HandOver = Omit<ComponentProps<typeof HandOverDialog>, 'deployment' | 'action'> & { actionFor: (deploymentId: string) => ComponentProps<typeof HandOverDialog>['action'] };

/** Where each model runs and whether its bytes are the registered ones; risk officers may hand an endpoint over. */
export function DeploymentsTable({ rows, caption = 'Deployments', handOver }: { rows: Row[]; caption?: string; handOver?: HandOver }) {
  return (
    <Table caption={caption} cardsBelow="xl">
      <thead>
        <tr><Th>Endpoint</Th><Th>Environment</Th><Th>Model version</Th><Th>Integrity</Th><Th>Reported</Th>{handOver ? <Th><span className="sr-only">Actions</span></Th> : null}</tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ deployment: d, version, versionStage, modelId, modelName, openFlags, reporterName, reporterEmail }) => {
          const stageProblem = deploymentStageProblem(d.environment, versionStage);
          return (
          <tr key={d.id}>
            <Td><Link href={`/lineage?node=deployment:${d.id}`} className="font-medium wrap-anywhere text-slate-900 hover:text-indigo-700">{d.endpoint}</Link></Td>
            <Td data-label="Environment"><Badge tone={d.environment === 'production' ? 'green' : 'amber'}>{humanize(d.environment)}</Badge></Td>
            <Td data-label="Model version">
              {modelId ? <Link href={`/models/${modelId}/versions/${d.modelVersionId}`} className="hover:text-indigo-700">{modelName} @ {version}</Link> : <span className="text-rose-700">Untracked</span>}
              {stageProblem ? <p className="mt-1 max-w-56 text-xs font-medium text-amber-800" data-testid="deployment-stage-problem">{stageProblem}</p> : null}
            </Td>
            <Td data-label="Integrity">
              {openFlags > 0 ? <Badge tone="red">{deploymentProblemLabel(d.modelVersionId)}</Badge> : <Badge tone="green">Matches</Badge>}
              <p className="mt-1 text-xs whitespace-nowrap text-slate-500">runs <Mono title={d.reportedSha256}>{d.reportedSha256.slice(0, 12)}…</Mono></p>
            </Td>
            <Td data-label="Reported" className="max-xl:col-span-2">
              <span className="whitespace-nowrap">{formatDateTime(d.reportedAt)}</span>
              {reporterName ? <span className="block text-xs text-slate-500" data-testid="deployment-reporter">Reporter: <PersonName person={{ name: reporterName, email: reporterEmail }} /></span> : null}
            </Td>
            {handOver ? <Td className="whitespace-nowrap max-xl:col-span-2"><HandOverDialog deployment={{ environment: d.environment, endpoint: d.endpoint, reporterName }} people={handOver.people} action={handOver.actionFor(d.id)} /></Td> : null}
          </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
