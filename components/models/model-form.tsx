'use client';

import { ActionForm } from '@/components/ui/action-form';
import { TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

export function ModelForm({ systemId, action }: { systemId: string; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> }) {
  return (
    <ActionForm action={action} submitLabel="Add model" done="Model added.">
      {(errors) => (
        <>
          <input type="hidden" name="systemId" value={systemId} />
          <TextField label="Name" name="name" errors={errors} placeholder="fraud-detector" required />
          <TextField label="Task" name="task" errors={errors} placeholder="binary classification" />
          <TextAreaField label="Description" name="description" errors={errors} />
        </>
      )}
    </ActionForm>
  );
}
