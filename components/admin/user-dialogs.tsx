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
          <TextField label="Initial password" name="password" type="password" autoComplete="new-password" errors={errors} hint="At least 12 characters; share it out of band." minLength={12} required />
          <RoleCheckboxes selected={[]} error={errors.roles} />
        </>
      )}
    </ConfirmDialog>
  );
}

export function EditUserButton({ user, action }: { user: { name: string; roles: Role[]; disabled: boolean; email: string }; action: Action }) {
  return (
    <ConfirmDialog trigger="Edit" triggerLabel={`Edit ${user.email}`} title={`Edit ${user.email}`} confirm="Save" done={`Changes to ${user.email} saved.`} action={action}>
      {(errors) => (
        <>
          <TextField label="Name" name="name" defaultValue={user.name} errors={errors} required />
          <RoleCheckboxes selected={user.roles} error={errors.roles} />
          <CheckboxField label="Disabled" name="disabled" defaultChecked={user.disabled} hint="A disabled user is signed out on their next request and cannot sign in." />
        </>
      )}
    </ConfirmDialog>
  );
}
