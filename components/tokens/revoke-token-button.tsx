'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/http/form-action';

export function RevokeTokenButton({ name, action }: { name: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Revoke" triggerLabel={`Revoke ${name}`} title={`Revoke the token “${name}”?`} confirm="Revoke token" tone="danger" done={`Token “${name}” revoked.`} action={() => action()}>
      {() => <p className="text-sm text-slate-600">Calls with this token are refused from now on. This cannot be undone; create a new token if a pipeline still needs one.</p>}
    </ConfirmDialog>
  );
}
