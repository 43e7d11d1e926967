import Link from 'next/link';
import { formatDateTime } from '@/components/ui/format';
import type { Requirement } from '@/lib/promotion/evaluate-gate';
import { requirementState, type RequirementState } from '@/lib/promotion/requirement-state';
import { UnbrokenDates } from '@/components/ui/unbroken-dates';

/** An evidence record as people name it, and where it is shown. */
export type RecordLink = { name: string; href: string };

const MARKS: Record<RequirementState, { symbol: string; tone: string; text: string; sr: string }> = {
  met: { symbol: '✓', tone: 'text-emerald-600', text: 'text-slate-600', sr: 'met' },
  warning: { symbol: '!', tone: 'text-amber-600', text: 'text-amber-800', sr: 'not checked' },
  pending: { symbol: '…', tone: 'text-slate-500', text: 'text-slate-600', sr: 'pending' },
  failed: { symbol: '✗', tone: 'text-rose-600', text: 'text-rose-700', sr: 'not met' },
};

function Records({ requirement, records }: { requirement: Requirement; records: Map<string, RecordLink> }) {
  if (!requirement.records?.length) return null;
  return (
    <ul className="mt-0.5 text-xs text-slate-500" data-testid="gate-record">
      {requirement.records.map((ref) => {
        const known = records.get(ref.evaluationId);
        return (
          <li key={ref.evaluationId}>
            Decided by{' '}
            {known ? <><Link href={known.href} className="text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">{known.name}</Link> </> : null}
            <span className="font-mono" title={ref.evaluationId}>{known ? '(' : ''}record {ref.evaluationId.slice(0, 8)}{known ? ')' : ''}</span>, received <time dateTime={ref.receivedAt}>{formatDateTime(ref.receivedAt)}</time>
          </li>
        );
      })}
    </ul>
  );
}

type Props = {
  requirements: Requirement[];
  /** The evidence records the page can name and link, by id. */
  records?: Map<string, RecordLink>;
  /** The open request a pending requirement waits on. */
  pendingRequestHref?: string;
};

/** Each requirement of the gate: met, not checked, pending or not met, why, and the evidence record it was judged on. */
export function GateChecklist({ requirements, records = new Map(), pendingRequestHref }: Props) {
  return (
    <ul className="space-y-1.5 text-sm" data-testid="gate-checklist">
      {requirements.map((r) => {
        const state = requirementState(r);
        const m = MARKS[state];
        return (
          <li key={r.id} className="flex items-start gap-2" data-state={state}>
            <span aria-hidden className={`w-3 shrink-0 text-center ${m.tone}`}>{m.symbol}</span>
            <span className="min-w-0">
              <span className="font-medium text-slate-800">{r.label}</span>
              <span className="sr-only"> ({m.sr})</span>
              <span className={m.text}> — <UnbrokenDates text={r.detail} /></span>
              {r.findingId ? <> <Link href={`/findings/${r.findingId}`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">Open the finding</Link></> : null}
              {state === 'pending' && pendingRequestHref ? <> <Link href={pendingRequestHref} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">Open the request</Link></> : null}
              <Records requirement={r} records={records} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
