'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/http/form-action';

export function RotateKeyButton({ action }: { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Rotate key" title="Rotate Provenant's signing key?" confirm="Rotate key" tone="danger" done="Signing key rotated." action={action}>
      {() => (
        <p className="text-sm text-slate-600">
          A new key signs every attestation and evidence pack from now on. The current key is retired: it signs nothing new and stays listed, so
          what it signed still verifies. Give auditors the new key id.
        </p>
      )}
    </ConfirmDialog>
  );
}
