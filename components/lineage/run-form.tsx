'use client';

import { ActionForm } from '@/components/ui/action-form';
import { Field, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Choice = { id: string; label: string };
type Props = {
  datasetVersions: Choice[];
  modelVersions: Choice[];
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

function MultiSelect({ label, name, choices, errors, hint }: { label: string; name: string; choices: Choice[]; errors: Record<string, string>; hint: string }) {
  const error = Object.entries(errors).find(([key]) => key === name || key.startsWith(`${name}.`))?.[1];
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={name} multiple size={Math.min(6, Math.max(3, choices.length))} aria-describedby={describedBy} aria-invalid={invalid} className="block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600">
          {choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      )}
    </Field>
  );
}

export function RunForm({ datasetVersions, modelVersions, action }: Props) {
  return (
    <ActionForm action={action} submitLabel="Record run">
      {(errors) => (
        <>
          <TextField label="External run id" name="externalRunId" errors={errors} hint="The MLflow run id or OpenLineage runId; recording the same id again merges into this run." required />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Job namespace" name="jobNamespace" errors={errors} placeholder="ml-platform" required />
            <TextField label="Job name" name="jobName" errors={errors} placeholder="train_credit_scorecard" required />
            <TextField label="Code repository" name="codeRepository" errors={errors} placeholder="git@git.example.com:risk/scorecard.git" />
            <TextField label="Commit" name="codeCommit" errors={errors} mono />
          </div>
          <TextField label="Environment digest" name="environmentDigest" errors={errors} hint="e.g. the container image digest." />
          <TextAreaField label="Parameters (JSON)" name="parametersJson" errors={errors} placeholder='{"learning_rate": 0.05, "max_depth": 6}' mono />
          <MultiSelect label="Input datasets" name="inputDatasetVersionIds" choices={datasetVersions} errors={errors} hint="Hold Ctrl or Cmd to choose several." />
          <MultiSelect label="Base models" name="baseModelVersionIds" choices={modelVersions} errors={errors} hint="Pre-trained or foundation models the run started from." />
          <MultiSelect label="Output model versions" name="outputModelVersionIds" choices={modelVersions} errors={errors} hint="The versions this run produced." />
        </>
      )}
    </ActionForm>
  );
}
