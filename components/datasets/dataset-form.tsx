'use client';

import { ActionForm } from '@/components/ui/action-form';
import { CheckboxField, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

export function DatasetForm({ systemId, action }: { systemId: string | null; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> }) {
  return (
    <ActionForm action={action} submitLabel="Register dataset" done="Dataset registered.">
      {(errors) => (
        <>
          {systemId ? <input type="hidden" name="systemId" value={systemId} /> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Namespace" name="namespace" errors={errors} placeholder="e.g. s3://risk-data" hint="The source, as OpenLineage names it." required />
            <TextField label="Name" name="name" errors={errors} placeholder="e.g. bureau/retail_applications" required />
          </div>
          <TextAreaField label="Description" name="description" errors={errors} />
          <TextField label="License" name="license" errors={errors} />
          <TextAreaField label="Provenance" name="provenance" errors={errors} hint="Where the data comes from and how it was collected." />
          <CheckboxField label="Contains personal data" name="personalData" />
        </>
      )}
    </ActionForm>
  );
}
