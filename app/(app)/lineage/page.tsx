import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import Link from 'next/link';
import { DeploymentsTable } from '@/components/lineage-graph/deployments-table';
import { LineageView } from '@/components/lineage-graph/lineage-view';
import { RunsTable } from '@/components/lineage-graph/runs-table';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { independentReads } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { flaggedDeploymentCount, lineageGraph, listDeployments, listRuns, unapprovedDeploymentCount } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';
import { plural } from '@/lib/words';
import { handOverOffer } from './hand-over-offer';

export const metadata: Metadata = { title: 'Lineage' };

const OVERVIEW_ROWS = 10;

function SeeAll({ href, children }: { href: string; children: string }) {
  return <Link href={href} className="text-sm font-medium whitespace-nowrap text-indigo-700 hover:underline">{children} →</Link>;
}

export default async function LineagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = await searchParams;
  if (params.node) {
    // An address naming no node (ill-formed, unknown, or with a depth out of range) is the 404 page, as the API's 400.
    const { query } = parseSearchParams(ZLineageQuery.partial({ node: true }), params);
    const node = query.node ?? notFound();
    return <LineageView graph={await forPage(async () => await lineageGraph(actor, { ...query, node }))} allEdges={params.edges === 'all'} />;
  }
  // The latest few of each; the full lists, with filters and pages, are a click away.
  const [runs, deployed, flagged, unapproved] = await independentReads(() => listRuns(actor, { page: 1, pageSize: OVERVIEW_ROWS }), () => listDeployments(actor, { page: 1, pageSize: OVERVIEW_ROWS }), () => flaggedDeploymentCount(actor), () => unapprovedDeploymentCount(actor));
  const handOver = deployed.total > 0 ? await handOverOffer(actor) : undefined;
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
        <Card title={`Deployments (${deployed.total.toLocaleString('en')})`} actions={deployed.total > 0 ? <SeeAll href="/lineage/deployments">All deployments</SeeAll> : null}>
          {flagged > 0 ? (
            <p className="mb-3 text-sm text-rose-700" data-testid="flagged-deployments">
              <Link href="/lineage/deployments?integrity=flagged" className="font-medium underline">{plural(flagged, 'endpoint')} {flagged === 1 ? 'runs' : 'run'} bytes that are not the registered version&apos;s</Link>.
            </p>
          ) : null}
          {unapproved > 0 ? (
            <p className="mb-3 text-sm text-amber-800" data-testid="unapproved-deployments">
              <Link href="/lineage/deployments?approval=unapproved" className="font-medium underline">{plural(unapproved, 'endpoint')} {unapproved === 1 ? 'runs a version' : 'run versions'} not approved for {unapproved === 1 ? 'its' : 'their'} environment</Link> (archived, or never promoted there).
            </p>
          ) : null}
          {deployed.total === 0 ? <EmptyState title="No deployments reported">{can(actor, 'deployment.report') ? 'Services report the digest they run with POST /api/v1/deployments, or report one here.' : 'No service has reported which model bytes it runs yet.'}</EmptyState> : <DeploymentsTable rows={deployed.items} caption="Latest deployments" handOver={handOver} />}
        </Card>
        <Card title={`Training runs (${runs.total.toLocaleString('en')})`} actions={runs.total > 0 ? <SeeAll href="/lineage/runs">All training runs</SeeAll> : null}>
          {runs.total === 0 ? <EmptyState title="No training runs yet">Record one here, or send OpenLineage events from your pipelines.</EmptyState> : <RunsTable runs={runs.items} />}
        </Card>
      </div>
    </>
  );
}
