'use client';

import { ActionForm } from '@/components/ui/action-form';
import { TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { VersionPicker } from './version-picker';

type Props = { action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> };

export function RunForm({ action }: Props) {
  return (
    <ActionForm action={action} submitLabel="Record run" done="Training run recorded.">
      {(errors) => (
        <>
          <TextField label="External run id" name="externalRunId" errors={errors} hint="The MLflow run id or OpenLineage runId; recording the same id again merges into this run." required />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Job namespace" name="jobNamespace" errors={errors} placeholder="e.g. ml-platform" required />
            <TextField label="Job name" name="jobName" errors={errors} placeholder="e.g. train_credit_scorecard" required />
            <TextField label="Code repository" name="codeRepository" errors={errors} placeholder="e.g. git@git.example.com:risk/scorecard.git" />
            <TextField label="Commit" name="codeCommit" errors={errors} mono />
          </div>
          <TextField label="Environment digest" name="environmentDigest" errors={errors} hint="e.g. the container image digest." />
          <TextAreaField label="Parameters (JSON)" name="parametersJson" errors={errors} placeholder='{"learning_rate": 0.05, "max_depth": 6}' mono />
          <VersionPicker kind="dataset_version" side="input" label="Input datasets" name="inputDatasetVersionIds" errors={errors} hint="Type to search; choose as many as the run read." />
          <VersionPicker kind="model_version" side="input" label="Base models" name="baseModelVersionIds" errors={errors} hint="Pre-trained or foundation models the run started from." />
          <VersionPicker kind="model_version" side="output" label="Output model versions" name="outputModelVersionIds" errors={errors} hint="The versions this run produced; only versions of your own systems and models are offered." />
        </>
      )}
    </ActionForm>
  );
}
