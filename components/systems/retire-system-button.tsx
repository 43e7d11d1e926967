'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

/**
 * Retiring archives the system's approved versions but stops no service: each version in staging or production is
 * named, so no one retires it unawares, and an endpoint that still runs one is flagged afterwards.
 */
export function RetireSystemButton({ action, inService }: { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>; inService: string[] }) {
  const one = inService.length === 1;
  return (
    <ConfirmDialog trigger="Retire" title="Retire this system?" confirm="Retire system" tone="danger" done="System retired." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">A retired system stays in the inventory and its history is kept, but it can no longer be edited or get new models; its open promotion requests are closed.</p>
          {inService.length > 0 ? (
            <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="retire-in-service">
              Approved to run: {inService.join(', ')}. Retiring archives {one ? 'it' : 'them'} but stops no service: take {one ? 'it' : 'them'} out of service first, or an endpoint still running {one ? 'it' : 'one'} will be flagged as running an archived version.
            </p>
          ) : null}
          <TextAreaField label="Reason" name="reason" errors={errors} required />
        </>
      )}
    </ConfirmDialog>
  );
}
