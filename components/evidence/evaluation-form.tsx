'use client';

import { ActionForm } from '@/components/ui/action-form';
import { humanize } from '@/components/ui/badge';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import { EVIDENCE_KINDS } from '@/db/schema/vocabulary';
import type { ActionResult } from '@/lib/http/form-action';
import { AttachmentUploads } from './attachment-uploads';
import { MetricRows } from './metric-rows';
import type { SelectOption } from '@/components/ui/select-options';

type Props = {
  modelVersionId: string;
  artifactSha256: string;
  /** The evaluation datasets offered, the system's own first (grouped). */
  datasetVersions: SelectOption[];
  /** Preselected from the gate's way forward ("Record robustness evidence"). */
  initial?: { kind?: string; environment?: string };
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

export function EvaluationForm({ modelVersionId, artifactSha256, datasetVersions, initial = {}, action }: Props) {
  return (
    <ActionForm action={action} submitLabel="Record evidence" done="Evidence recorded.">
      {(errors) => (
        <>
          <input type="hidden" name="modelVersionId" value={modelVersionId} />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Kind" name="kind" required defaultValue={initial.kind} errors={errors} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: humanize(k) }))} />
            <SelectField label="Environment" name="environment" required defaultValue={initial.environment} errors={errors} options={[{ value: 'staging', label: 'Staging' }, { value: 'production', label: 'Production' }]} />
          </div>
          <SelectField label="Evaluation dataset" name="datasetVersionId" errors={errors} options={[{ value: '', label: 'None' }, ...datasetVersions]} />
          <TextField label="Producer or tool" name="producer" errors={errors} placeholder="fairlearn 0.12, internal red team, …" />
          <TextAreaField label="Summary" name="summary" errors={errors} />
          <TextField label="Digest of the artifact evaluated" name="artifactSha256" defaultValue={artifactSha256} errors={errors} mono required hint="Evidence counts only for a version with exactly this digest." />
          <MetricRows errors={errors} />
          <AttachmentUploads />
        </>
      )}
    </ActionForm>
  );
}
