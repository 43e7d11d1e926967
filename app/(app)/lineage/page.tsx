import type { Metadata } from 'next';
import Link from 'next/link';
import { DeploymentsTable } from '@/components/lineage-graph/deployments-table';
import { LineageView } from '@/components/lineage-graph/lineage-view';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { lineageGraph, listDeployments, listRuns } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';
import { peopleWhoMay } from '@/lib/users/people-who-may';
import { handOverDeploymentAction } from './actions';

export const metadata: Metadata = { title: 'Lineage' };

export default async function LineagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = await searchParams;
  if (params.node) {
    const { query, invalid } = parseSearchParams(ZLineageQuery, params);
    if (!invalid) return <LineageView graph={await forPage(async () => await lineageGraph(actor, query))} allEdges={params.edges === 'all'} />;
  }
  const runs = await listRuns(actor, { page: 1, pageSize: 50 });
  const deployed = await listDeployments(actor);
  const handOver = can(actor, 'deployment.hand_over') && deployed.length > 0 ? { people: (await peopleWhoMay('deployment.report')).filter((p) => p.id !== actor.userId), actionFor: (id: string) => handOverDeploymentAction.bind(null, id) } : undefined;
  return (
    <>
      <PageHeader
        title="Lineage"
        description="Which data and code made each model, and which bytes run where. Open any run, version or deployment to see its graph."
        actions={
          <>
            {can(actor, 'deployment.report') ? <ButtonLink variant="secondary" href="/lineage/deployments/new">Report a deployment</ButtonLink> : null}
            {can(actor, 'lineage.record') ? <ButtonLink href="/lineage/runs/new">Record a training run</ButtonLink> : null}
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Deployments">
          {deployed.length === 0 ? <EmptyState title="No deployments reported">{can(actor, 'deployment.report') ? 'Services report the digest they run with POST /api/v1/deployments, or report one here.' : 'No service has reported which model bytes it runs yet.'}</EmptyState> : <DeploymentsTable rows={deployed} handOver={handOver} />}
        </Card>
        <Card title={`Training runs (${runs.total})`}>
          {runs.total === 0 ? (
            <EmptyState title="No training runs yet">Record one here, or send OpenLineage events from your pipelines.</EmptyState>
          ) : (
            <Table caption="Training runs" cardsBelow="md">
              <thead>
                <tr><Th>Job</Th><Th>Run id</Th><Th>State</Th><Th>Code</Th><Th>Recorded</Th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.items.map((r) => (
                  <tr key={r.id}>
                    <Td>
                      <Link href={`/lineage/runs/${r.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{r.jobName}</Link>
                      <p className="text-xs text-slate-500">{r.jobNamespace}</p>
                    </Td>
                    <Td data-label="Run id" className="font-mono text-xs">{r.externalRunId}</Td>
                    <Td data-label="State">{r.state}</Td>
                    <Td data-label="Code" className="font-mono text-xs">{r.codeCommit ? r.codeCommit.slice(0, 12) : '—'}</Td>
                    <Td data-label="Recorded" className="whitespace-nowrap">{formatDate(r.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
