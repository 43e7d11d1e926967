'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { action: () => Promise<ActionResult<{ ok: boolean; message: string }>> };

/** Re-hashes the stored bytes on the server and says what it found. */
export function VerifyButton({ action }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const verify = () =>
    startTransition(async () => {
      const answer = await action();
      setResult(answer.ok ? answer.data : { ok: false, message: answer.message });
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={verify} disabled={pending}>{pending ? 'Re-hashing…' : 'Verify stored bytes'}</Button>
      {result ? (
        <p role="status" className={result.ok ? 'text-sm font-medium text-emerald-700' : 'text-sm font-medium text-rose-700'}>
          {result.ok ? 'Verified: ' : 'Failed: '}
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
