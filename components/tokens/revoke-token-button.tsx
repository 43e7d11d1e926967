'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

export function RevokeTokenButton({ name, action }: { name: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Revoke" triggerLabel={`Revoke ${name}`} title={`Revoke the token “${name}”?`} confirm="Revoke token" tone="danger" done={`Token “${name}” revoked.`} action={() => action()}>
      {() => <p className="text-sm text-slate-600">Calls with this token are refused from now on. This cannot be undone; create a new token if a pipeline still needs one.</p>}
    </ConfirmDialog>
  );
}

/** An administrator revokes someone else's token (a leaked secret): the reason is required, and its owner is told. */
export function RevokeAnyTokenButton({ name, owner, action }: { name: string; owner: string; action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Revoke" triggerLabel={`Revoke ${owner}’s token ${name}`} title={`Revoke ${owner}’s token “${name}”?`} confirm="Revoke token" tone="danger" done={`Token “${name}” revoked.`} action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">Calls with this token are refused from now on; {owner} keeps their account and other tokens, and is told why in their inbox. This cannot be undone.</p>
          <TextAreaField label="Why" name="reason" required rows={2} errors={errors} hint="For example: the secret was printed in a public CI log." />
        </>
      )}
    </ConfirmDialog>
  );
}
