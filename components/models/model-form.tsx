'use client';

import { ActionForm } from '@/components/ui/action-form';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import { CYCLONEDX_APPROACHES, HUB_TASK_IDS } from '@/lib/cards/external-ids';
import type { ActionResult } from '@/lib/http/form-action';
import { humanize } from '@/lib/words';

const NONE = { value: '', label: 'Not stated' };
const APPROACHES = [NONE, ...CYCLONEDX_APPROACHES.map((a) => ({ value: a, label: humanize(a) }))];
const PIPELINE_TAGS = [NONE, ...HUB_TASK_IDS.map((id) => ({ value: id, label: id }))];

export function ModelForm({ systemId, action }: { systemId: string; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> }) {
  return (
    <ActionForm action={action} submitLabel="Add model" done="Model added.">
      {(errors) => (
        <>
          <input type="hidden" name="systemId" value={systemId} />
          <TextField label="Name" name="name" errors={errors} placeholder="e.g. fraud-detector" required />
          <TextField label="Task" name="task" errors={errors} placeholder="e.g. binary classification" />
          <TextAreaField label="Description" name="description" errors={errors} />
          <fieldset>
            <legend className="w-full border-t border-slate-200 pt-4 text-sm font-semibold text-slate-900">Card metadata</legend>
            <p className="mt-1 text-xs text-slate-600">What the AI Card exports name: the Hugging Face card&apos;s front matter and the CycloneDX model parameters. Leave blank what you do not know.</p>
            <div className="mt-4 grid gap-4 sm:grid-cols-2">
              <SelectField label="Hub task (pipeline tag)" name="pipelineTag" errors={errors} options={PIPELINE_TAGS} defaultValue="" />
              <TextField label="Library" name="libraryName" errors={errors} placeholder="e.g. transformers" hint="The Hub's library_name." />
              <SelectField label="Learning approach" name="approach" errors={errors} options={APPROACHES} defaultValue="" />
              <TextField label="Languages" name="languages" errors={errors} placeholder="e.g. en, fr" hint="ISO 639-1 codes, separated by commas." />
              <TextField label="Architecture family" name="architectureFamily" errors={errors} placeholder="e.g. transformer" />
              <TextField label="Model architecture" name="modelArchitecture" errors={errors} placeholder="e.g. BertForSequenceClassification" />
              <TextField label="Input formats" name="inputs" errors={errors} placeholder="e.g. text/plain" hint="Separated by commas." />
              <TextField label="Output formats" name="outputs" errors={errors} placeholder="e.g. application/json" hint="Separated by commas." />
            </div>
          </fieldset>
        </>
      )}
    </ActionForm>
  );
}
