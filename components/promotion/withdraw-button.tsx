'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/http/form-action';

export function WithdrawButton({ action }: { action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Withdraw" title="Withdraw this request?" confirm="Withdraw request" tone="danger" done="Request withdrawn." action={() => action()}>
      {() => <p className="text-sm text-slate-600">Nobody can sign it any more. Signatures given so far stay on record; you can open a new request later.</p>}
    </ConfirmDialog>
  );
}
