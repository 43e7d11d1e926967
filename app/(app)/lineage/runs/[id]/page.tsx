import type { Metadata } from 'next';
import Link from 'next/link';
import { LineageTable } from '@/components/lineage-graph/lineage-table';
import { ButtonLink } from '@/components/ui/button';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { formatDateTime } from '@/components/ui/format';
import { Mono } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { jobTypeLabel } from '@/lib/lineage/job-type-label';
import { getRun, parentOfRun, runEdges } from '@/lib/lineage/queries';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'run', id: (await params).id }, (name) => `Run ${name}`);
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const run = await forPage(async () => await getRun(actor, id));
  const graph = await runEdges(actor, id);
  const parent = await parentOfRun(actor, run);
  const kind = jobTypeLabel(run.jobType) ?? 'Training run';
  const waiting = run.lastEventTime === null && run.state === 'OTHER';
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/lineage" className="hover:text-slate-700">Lineage</Link>}
        title={run.jobName}
        description={`${kind} · ${run.jobNamespace} · ${waiting ? 'known only as a parent: no events of its own yet' : run.state.toLowerCase()}`}
        actions={<ButtonLink href={`/lineage?node=run:${run.id}`}>Open the graph</ButtonLink>}
      />
      <div className="space-y-6">
        <Card title="Run">
          <Facts
            items={[
              ['External run id', <Mono key="r">{run.externalRunId}</Mono>],
              ['Job type', run.jobType ? `${kind}${run.jobType.processingType ? ` (${run.jobType.processingType.toLowerCase()})` : ''}` : null],
              ['Parent run', run.parentExternalRunId ? (parent ? <Link key="p" href={`/lineage/runs/${parent.id}`} className="font-medium text-indigo-700 hover:underline">{parent.jobName}</Link> : `${run.parentJobNamespace}/${run.parentJobName}`) : null],
              ['Code', run.codeRepository ? `${run.codeRepository}${run.codeCommit ? ` @ ${run.codeCommit}` : ''}` : null],
              ['Environment digest', run.environmentDigest ? <Mono key="e">{run.environmentDigest}</Mono> : null],
              ['Started', run.startedAt ? formatDateTime(run.startedAt) : null],
              ['Ended', run.endedAt ? formatDateTime(run.endedAt) : null],
              ['Last event', run.lastEventTime ? formatDateTime(run.lastEventTime) : null],
              ['Recorded', formatDateTime(run.createdAt)],
            ]}
          />
        </Card>
        <Card title="Parameters">
          {/* Scrollable, so it takes keyboard focus: a keyboard user can scroll it too. */}
          <pre tabIndex={0} aria-label="Parameters as JSON" className="overflow-auto rounded bg-slate-50 p-3 font-mono text-xs text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600">{JSON.stringify(run.parameters, null, 2)}</pre>
        </Card>
        <Card title="Inputs and outputs">{graph.edges.length ? <LineageTable graph={graph} /> : <p className="text-sm text-slate-500">No inputs or outputs recorded.</p>}</Card>
        {run.facets ? (
          <Card title="OpenLineage facets">
            <pre tabIndex={0} aria-label="OpenLineage facets as JSON" className="max-h-96 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600">{JSON.stringify(run.facets, null, 2)}</pre>
          </Card>
        ) : null}
      </div>
    </>
  );
}
