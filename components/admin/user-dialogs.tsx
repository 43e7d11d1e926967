'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CheckboxField, TextField } from '@/components/ui/form';
import type { Role } from '@/db/schema';
import type { ActionResult } from '@/lib/http/form-action';
import { RoleCheckboxes } from './role-checkboxes';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

export function CreateUserButton({ action }: { action: Action }) {
  return (
    <ConfirmDialog trigger="Add user" triggerVariant="primary" title="Add a user" confirm="Create user" done="User added." action={action}>
      {(errors) => (
        <>
          <TextField label="Name" name="name" errors={errors} required />
          <TextField label="Email" name="email" type="email" errors={errors} required />
          <TextField label="Initial password" name="password" type="password" autoComplete="new-password" errors={errors} hint="At least 12 characters; pass it on out of band. They choose their own at first sign-in." minLength={12} required />
          <RoleCheckboxes selected={[]} error={errors.roles} />
        </>
      )}
    </ConfirmDialog>
  );
}

/** `user.roles`: the roles held and those awaiting confirmation, all ticked. */
export function EditUserButton({ user, action }: { user: { name: string; roles: Role[]; disabled: boolean; email: string }; action: Action }) {
  return (
    <ConfirmDialog trigger="Edit" triggerLabel={`Edit ${user.email}`} title={`Edit ${user.email}`} confirm="Save" done={`Changes to ${user.email} saved.`} action={action}>
      {(errors) => (
        <>
          <TextField label="Name" name="name" defaultValue={user.name} errors={errors} required />
          <TextField label="Email" name="email" type="email" autoComplete="off" defaultValue={user.email} errors={errors} hint="They sign in with it from their next sign-in. Addresses they had stay theirs: no one else can take them." required />
          {/* The roles shown: a grant decided or another admin's change since then is refused rather than undone. */}
          <input type="hidden" name="shownRoles" value={[...user.roles].sort().join(',')} />
          <input type="hidden" name="shownEmail" value={user.email} />
          <RoleCheckboxes selected={user.roles} error={errors.roles} />
          <CheckboxField label="Disabled" name="disabled" defaultChecked={user.disabled} hint="A disabled user is signed out on their next request and cannot sign in." />
        </>
      )}
    </ConfirmDialog>
  );
}

export function ResetPasswordButton({ user, action }: { user: { email: string }; action: Action }) {
  return (
    <ConfirmDialog trigger="Reset password" triggerLabel={`Reset password for ${user.email}`} title={`Reset the password of ${user.email}`} confirm="Set temporary password" tone="danger" done={`${user.email} has a temporary password.`} action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            For someone who lost theirs. Their sessions end now; at their next sign-in they can do nothing but choose their own
            password. A risk officer, security reviewer or admin role of theirs is suspended until someone else who holds it
            confirms it again. Their API tokens keep working. The audit trail records that you did this.
          </p>
          <TextField label="Temporary password" name="password" type="password" autoComplete="new-password" errors={errors} hint="At least 12 characters; pass it on out of band." minLength={12} required />
        </>
      )}
    </ConfirmDialog>
  );
}
