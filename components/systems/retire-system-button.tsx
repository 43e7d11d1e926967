'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

export function RetireSystemButton({ action }: { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Retire" title="Retire this system?" confirm="Retire system" tone="danger" done="System retired." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">A retired system stays in the inventory and its history is kept, but it can no longer be edited or get new models.</p>
          <TextAreaField label="Reason" name="reason" errors={errors} required />
        </>
      )}
    </ConfirmDialog>
  );
}
