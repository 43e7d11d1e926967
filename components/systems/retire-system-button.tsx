'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

/** Retiring closes the records, not the services: a version still in production is named, so no one retires it unawares. */
export function RetireSystemButton({ action, inProduction }: { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>; inProduction: string[] }) {
  return (
    <ConfirmDialog trigger="Retire" title="Retire this system?" confirm="Retire system" tone="danger" done="System retired." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">A retired system stays in the inventory and its history is kept, but it can no longer be edited or get new models; its open promotion requests are closed.</p>
          {inProduction.length > 0 ? (
            <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="retire-in-production">
              In production: {inProduction.join(', ')}. Retiring the system does not stop {inProduction.length === 1 ? 'that service' : 'those services'}; take {inProduction.length === 1 ? 'it' : 'them'} out of production first, or say in the reason why {inProduction.length === 1 ? 'it stays' : 'they stay'}.
            </p>
          ) : null}
          <TextAreaField label="Reason" name="reason" errors={errors} required />
        </>
      )}
    </ConfirmDialog>
  );
}
