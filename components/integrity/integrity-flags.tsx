import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Mono } from '@/components/ui/table';
import type { IntegrityFlag } from '@/lib/integrity/queries';
import { integrityProblemLabel } from '@/lib/integrity/kind-labels';
import { formatDateTime } from '@/lib/format/date-time';


/** Open integrity flags, each with what was expected, what was found, and where to look. */
export function IntegrityFlags({ flags }: { flags: IntegrityFlag[] }) {
  return (
    <ul className="divide-y divide-rose-100" data-testid="integrity-flags">
      {flags.map((f) => (
        <li key={f.check.id} className="py-2.5 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone="red">{integrityProblemLabel(f.check.kind)}</Badge>
            {f.endpoint ? (
              <Link href={`/lineage?node=deployment:${f.check.subjectId}`} className="font-medium text-slate-900 hover:text-indigo-700">{f.environment}: {f.endpoint}</Link>
            ) : null}
            {f.modelId && f.versionId ? (
              <Link href={`/models/${f.modelId}/versions/${f.versionId}`} className="text-slate-700 hover:text-indigo-700">version {f.version}</Link>
            ) : null}
            <span className="ml-auto text-xs text-slate-500">{formatDateTime(f.check.createdAt)}</span>
          </div>
          <p className="mt-1 text-slate-600">{f.check.message}</p>
          {f.check.actualSha256 ? (
            <p className="mt-0.5 text-xs text-slate-500">
              found <Mono>{f.check.actualSha256.slice(0, 16)}…</Mono>
              {f.check.expectedSha256 ? <> expected <Mono>{f.check.expectedSha256.slice(0, 16)}…</Mono></> : null}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
