'use client';

import { useQuery } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { PersonName } from '@/components/ui/person';
import type { AuditTrailVerification } from '@/lib/audit/queries';
import { formatDateTime } from '@/lib/format/date-time';
import { AcknowledgeBreakDialog, type AcknowledgeBreakAction } from './acknowledge-break-dialog';

async function fetchVerification(): Promise<AuditTrailVerification> {
  const response = await fetch('/api/v1/audit/verify', { cache: 'no-store' });
  if (!response.ok) throw new Error((await response.json()).error?.message ?? `HTTP ${response.status}`);
  return response.json();
}


function AcknowledgedBreaks({ breaks }: { breaks: AuditTrailVerification['acknowledgedBreaks'] }) {
  if (breaks.length === 0) return null;
  return (
    <div className="mt-3" data-testid="acknowledged-breaks">
      <h3 className="text-xs font-semibold tracking-wide text-amber-800 uppercase">Acknowledged breaks ({breaks.length})</h3>
      <ul className="mt-1 space-y-2">
        {breaks.map((b) => (
          <li key={`${b.seq} ${b.acknowledgedSeq}`} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200">
            <p>
              <span className="font-semibold">Sequence {b.seq}</span>: {b.reason}.
            </p>
            <p className="mt-0.5 text-xs text-amber-900">
              Acknowledged by <PersonName person={{ name: b.acknowledgedByName, email: b.acknowledgedBy }} /> at {formatDateTime(b.acknowledgedAt)} (event {b.acknowledgedSeq}):
            </p>
            <p className="mt-0.5 break-words whitespace-pre-wrap">“{b.acknowledgedReason}”</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Re-verifies the whole chain on the server and shows the head an auditor can note down and compare later, with
 * every acknowledged break; admins get the dialog to acknowledge the first unacknowledged one.
 */
export function ChainStatus({ acknowledgeAction }: { acknowledgeAction?: AcknowledgeBreakAction }) {
  const { data, error, isFetching, refetch } = useQuery({ queryKey: ['audit-verify'], queryFn: fetchVerification, staleTime: 0 });
  const acknowledged = data?.acknowledgedBreaks.length ? ` (${data.acknowledgedBreaks.length} acknowledged break${data.acknowledgedBreaks.length > 1 ? 's' : ''})` : '';
  return (
    <section aria-live="polite" className="mb-6 rounded-lg border border-slate-200 bg-white p-5 shadow-xs" data-testid="chain-status">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-900">Chain verification</h2>
          {error ? (
            <p className="mt-1 text-sm text-rose-700">Verification failed to run: {(error as Error).message}</p>
          ) : !data ? (
            <p className="mt-1 h-5 w-64 animate-pulse rounded bg-slate-100" />
          ) : data.ok ? (
            <p className="mt-1 text-sm font-medium text-emerald-700">Intact{acknowledged}: {data.count.toLocaleString('en')} events verified at {formatDateTime(data.verifiedAt)}</p>
          ) : (
            <p className="mt-1 text-sm font-semibold text-rose-700" role="alert">
              Broken at sequence {data.firstBrokenSeq}: {data.reason}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-500">
            Head: sequence <span className="font-mono text-slate-800" data-testid="head-seq">{data?.head?.seq ?? '—'}</span>, hash{' '}
            <span className="font-mono break-all text-slate-800" data-testid="head-hash">{data?.head?.hash ?? '—'}</span>
          </p>
          {data ? <AcknowledgedBreaks breaks={data.acknowledgedBreaks} /> : null}
        </div>
        <div className="flex gap-2">
          {data?.firstBreak && acknowledgeAction ? <AcknowledgeBreakDialog seq={data.firstBreak.seq} reason={data.firstBreak.reason} action={acknowledgeAction} /> : null}
          <Button variant="secondary" onClick={() => refetch()} disabled={isFetching}>
            {isFetching ? 'Verifying…' : 'Verify again'}
          </Button>
        </div>
      </div>
    </section>
  );
}
