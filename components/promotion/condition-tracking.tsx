import Link from 'next/link';
import { FindingStatusBadge } from '@/components/findings/finding-badges';
import type { ConditionFinding } from '@/lib/promotion/condition-findings';

const ACTIVE = new Set(['open', 'in_remediation', 'ready_for_validation']);

/**
 * Where a signature's conditions stand: "Tracked as F-12 [In remediation], due 2027-03-01". Shown beside the
 * conditions wherever they are listed; nothing before the request is approved (no finding yet).
 */
export function ConditionTracking({ finding }: { finding: ConditionFinding | null | undefined }) {
  if (!finding) return null;
  return (
    <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-700" data-testid="condition-finding">
      Tracked as{' '}
      <Link href={`/findings/${finding.id}`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">{finding.ref}</Link>{' '}
      <FindingStatusBadge status={finding.status} />
      {ACTIVE.has(finding.status) ? <span> due <time dateTime={finding.dueDate}>{finding.dueDate}</time></span> : null}
    </span>
  );
}
