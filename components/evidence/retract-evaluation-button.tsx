'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

/** Retracting keeps the record, struck through with the reason; it never counts again. */
export function RetractEvaluationButton({ label, action }: { label: string; action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Retract" triggerLabel={label} title="Retract this evidence?" confirm="Retract evidence" tone="danger" done="Evidence retracted." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">The record stays visible, struck through with your reason, and never counts for a gate again. This cannot be undone.</p>
          <TextAreaField label="Reason" name="reason" errors={errors} minLength={10} hint="At least 10 characters: say why the record is wrong." required />
        </>
      )}
    </ConfirmDialog>
  );
}
