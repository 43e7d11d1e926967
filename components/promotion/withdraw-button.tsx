'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/http/form-action';

export function WithdrawButton({ action }: { action: () => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() => {
        if (!window.confirm('Withdraw this request? Signatures given so far stay on record.')) return;
        startTransition(async () => {
          await action();
          router.refresh();
        });
      }}
    >
      Withdraw
    </Button>
  );
}
