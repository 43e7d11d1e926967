'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DecisionRadios } from '@/components/ui/decision-radios';
import { TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

/** A holder of the role confirms or refuses it for someone: nothing preselected, the password again. */
export function DecideRoleGrantButton({ grantId, person, role, action }: { grantId: string; person: string; role: string; action: Action }) {
  const title = `Decide on ${person} as ${role}`;
  return (
    <ConfirmDialog trigger="Decide" triggerLabel={`Decide on ${person} as ${role}`} triggerVariant="primary" title={title} confirm="Sign decision" done="Decision recorded." action={action}>
      {(errors) => (
        <>
          <input type="hidden" name="grantId" value={grantId} />
          <p className="text-sm text-slate-600">Confirming makes {person} a {role} from their next click: they may then sign what a {role} signs. Confirm only a person you know holds that function.</p>
          <DecisionRadios choices={[{ value: 'confirm', label: 'Confirm' }, { value: 'refuse', label: 'Refuse' }]} error={errors.decision} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Confirming asks for your password again." />
        </>
      )}
    </ConfirmDialog>
  );
}

export function WithdrawRoleGrantButton({ person, role, action }: { person: string; role: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Withdraw" triggerLabel={`Withdraw ${role} for ${person}`} title="Withdraw this role grant?" confirm="Withdraw grant" tone="danger" done="Grant withdrawn." action={() => action()}>
      {() => <p className="text-sm text-slate-600">{person} does not become a {role}. The grant stays on record as withdrawn.</p>}
    </ConfirmDialog>
  );
}
