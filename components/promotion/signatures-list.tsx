import { humanize } from '@/components/ui/badge';
import { SignatureDecisionBadge } from './signature-decision-badge';
import { formatDateTime } from '@/components/ui/format';
import type { signatures } from '@/db/schema';
import type { ConditionFinding } from '@/lib/promotion/condition-findings';
import { ConditionTracking } from './condition-tracking';

type Signature = Pick<typeof signatures.$inferSelect, 'printedName' | 'role' | 'decision' | 'meaning' | 'signedAt' | 'snapshotSha256' | 'comment'> & { conditions?: string; conditionFinding?: ConditionFinding | null };

/** Signatures as signed: printed name, role, meaning, UTC time and the snapshot digest the signer saw. */
export function SignaturesList({ items }: { items: Signature[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No signatures yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="signatures">
      {items.map((s) => (
        <li key={`${s.signedAt}-${s.printedName}`} className="py-2.5 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <SignatureDecisionBadge signature={s} />
            <span className="font-medium text-slate-900">{s.printedName}</span>
            <span className="text-slate-500">as {humanize(s.role)}</span>
            <time dateTime={s.signedAt} className="text-xs text-slate-500 sm:ml-auto">{formatDateTime(s.signedAt)}</time>
          </p>
          <p className="mt-1 text-slate-700">“{s.meaning}”</p>
          {s.conditions ? <p className="mt-1 rounded border border-amber-200 bg-amber-50 px-2 py-1 whitespace-pre-line text-amber-900" data-testid="signature-conditions"><span className="font-medium">Conditions:</span> {s.conditions}<ConditionTracking finding={s.conditionFinding} /></p> : null}
          {s.comment ? <p className="mt-0.5 text-slate-600">Comment: {s.comment}</p> : null}
          <p className="mt-0.5 font-mono text-[11px] break-all text-slate-500">snapshot {s.snapshotSha256}</p>
        </li>
      ))}
    </ul>
  );
}
