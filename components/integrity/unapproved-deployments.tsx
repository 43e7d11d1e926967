import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { deploymentStageProblem } from '@/lib/integrity/kind-labels';
import type { listDeployments } from '@/lib/lineage/queries';
import { formatDateTime } from '@/lib/format/date-time';

type Listed = Awaited<ReturnType<typeof listDeployments>>;

/**
 * Endpoints running bytes that match their version, but a version not approved for their environment (a production
 * service still on the version its successor archived): as urgent as a digest mismatch for whoever answers for
 * production, and shown beside the integrity flags.
 */
export function UnapprovedDeployments({ listed }: { listed: Listed }) {
  if (listed.total === 0) return null;
  return (
    <Card
      title={`Running a version not approved there (${listed.total})`}
      className="border-amber-200 lg:col-span-2"
      actions={<Link href="/lineage/deployments?approval=unapproved" className="text-sm font-medium text-indigo-700 hover:underline">All of them</Link>}
    >
      <ul className="divide-y divide-amber-100" data-testid="dashboard-unapproved-deployments">
        {listed.items.map(({ deployment: d, version, versionStage, modelId, modelName }) => (
          <li key={d.id} className="py-2.5 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/lineage?node=deployment:${d.id}`} className="font-medium wrap-anywhere text-slate-900 hover:text-indigo-700">{d.environment}: {d.endpoint}</Link>
              {modelId ? <Link href={`/models/${modelId}/versions/${d.modelVersionId}`} className="text-slate-700 hover:text-indigo-700">{modelName} {version}</Link> : null}
              <span className="ml-auto text-xs text-slate-500">reported {formatDateTime(d.reportedAt)}</span>
            </div>
            <p className="mt-1 font-medium text-amber-800">{deploymentStageProblem(d.environment, versionStage)}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
