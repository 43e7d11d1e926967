import { Badge } from '@/components/ui/badge';
import { SignatureDecisionBadge } from './signature-decision-badge';
import { formatDateTime } from '@/components/ui/format';
import type { PolicyRules } from '@/db/schema';
import { approvalProgress } from '@/lib/promotion/approval-progress';
import { humanize } from '@/lib/words';

type Signed = { printedName: string; role: string; decision: 'approve' | 'reject'; signedAt: string; conditions?: string };
type Props = { required: PolicyRules['requiredApprovers']; signatures: Signed[]; status: string };

const CLOSED: Record<string, string> = {
  approved: 'Approved: every required role signed.',
  rejected: 'Rejected: the request is closed.',
  withdrawn: 'Withdrawn by the requester: no one is awaited.',
  superseded: 'Superseded: the version moved on, no one is awaited.',
};

/** "Awaiting: Risk officer" and, per required role, who signed as it, when, and how. The same on the version and request pages. */
export function ApprovalProgress({ required, signatures, status }: Props) {
  const { roles, awaited } = approvalProgress(required, signatures, status);
  const summary = status !== 'open' ? CLOSED[status] : awaited.length
    ? `Awaiting: ${awaited.map((a) => (a.missing > 1 ? `${humanize(a.role)} (${a.missing} more)` : humanize(a.role))).join(' and ')}`
    : 'Every required role has approved.';
  return (
    <div className="text-sm" data-testid="approval-progress">
      <p className="font-medium text-slate-900" data-testid="awaiting">{summary}</p>
      {/* Role and signatures side by side where the list is at least 24rem wide; stacked in a narrower one (a phone). */}
      <ul className="@container mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Required signatures">
        {roles.map((r) => (
          <li key={r.role} className="flex flex-col gap-1 px-3 py-2 @sm:flex-row @sm:items-start @sm:gap-x-3" data-role={r.role}>
            <span className="font-medium text-slate-800 @sm:w-40 @sm:shrink-0">
              {humanize(r.role)}
              {r.count > 1 ? <span className="font-normal text-slate-500"> ({r.count} needed)</span> : null}
            </span>
            <span className="flex min-w-0 flex-1 flex-col gap-1">
              {r.signatures.map((s) => (
                <span key={`${s.printedName}-${s.signedAt}`} className="flex flex-wrap items-center gap-x-2">
                  <SignatureDecisionBadge signature={s} />
                  <span className="text-slate-900">{s.printedName}</span>
                  <time dateTime={s.signedAt} className="text-xs text-slate-500">{formatDateTime(s.signedAt)}</time>
                </span>
              ))}
              {r.missing > 0 ? <span><Badge tone="amber">Awaiting{r.signatures.length ? ` ${r.missing} more` : ''}</Badge></span> : null}
              {r.missing === 0 && r.signatures.length === 0 ? <span className="text-slate-500">Not signed</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
