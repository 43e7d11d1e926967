'use client';

import { useQuery } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import type { ChainVerification } from '@/lib/audit/verify-chain';

async function fetchVerification(): Promise<ChainVerification> {
  const response = await fetch('/api/v1/audit/verify', { cache: 'no-store' });
  if (!response.ok) throw new Error((await response.json()).error?.message ?? `HTTP ${response.status}`);
  return response.json();
}

/** Re-verifies the whole chain on the server and shows the head an auditor can note down and compare later. */
export function ChainStatus() {
  const { data, error, isFetching, refetch } = useQuery({ queryKey: ['audit-verify'], queryFn: fetchVerification, staleTime: 0 });
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
            <p className="mt-1 text-sm font-medium text-emerald-700">Intact: {data.count.toLocaleString('en')} events verified at {data.verifiedAt.replace('T', ' ').slice(0, 19)} UTC</p>
          ) : (
            <p className="mt-1 text-sm font-semibold text-rose-700" role="alert">
              Broken at sequence {data.firstBrokenSeq}: {data.reason}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-500">
            Head: sequence <span className="font-mono text-slate-800" data-testid="head-seq">{data?.head?.seq ?? '—'}</span>, hash{' '}
            <span className="font-mono break-all text-slate-800" data-testid="head-hash">{data?.head?.hash ?? '—'}</span>
          </p>
        </div>
        <Button variant="secondary" onClick={() => refetch()} disabled={isFetching}>
          {isFetching ? 'Verifying…' : 'Verify again'}
        </Button>
      </div>
    </section>
  );
}
