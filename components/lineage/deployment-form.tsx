'use client';

import { ActionForm } from '@/components/ui/action-form';
import { SelectField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { modelVersions: { id: string; label: string }[]; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> };

export function DeploymentForm({ modelVersions, action }: Props) {
  return (
    <ActionForm action={action} submitLabel="Report deployment" done="Deployment reported.">
      {(errors) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Environment" name="environment" errors={errors} options={[{ value: 'production', label: 'Production' }, { value: 'staging', label: 'Staging' }]} />
            <TextField label="Endpoint" name="endpoint" errors={errors} placeholder="e.g. https://scoring.internal/v1/score" required />
          </div>
          <TextField label="Digest the running service reports" name="reportedSha256" errors={errors} mono hint="SHA-256 of the model bytes loaded by the service." required />
          <SelectField
            label="Model version (optional)"
            name="modelVersionId"
            errors={errors}
            hint="Leave empty to match by digest; a production digest matching no version is flagged as an untracked model."
            options={[{ value: '', label: 'Match by digest' }, ...modelVersions.map((v) => ({ value: v.id, label: v.label }))]}
          />
        </>
      )}
    </ActionForm>
  );
}
